package ws_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
	"github.com/pylonweb/pylon/ws"
)

func TestMaxConnsPerClient(t *testing.T) {
	ep := echo()
	ep.MaxConnsPerClient = 2
	_, url := serve(t, ep)
	a := dial(t, url, nil)
	dial(t, url, nil)
	if got := dialStatus(t, url, nil); got != http.StatusTooManyRequests {
		t.Fatalf("third connection: status %d, want 429", got)
	}
	// Closing one frees a slot. The server releases it when the
	// connection's handler returns, which follows the close handshake.
	a.Close(websocket.StatusNormalClosure, "")
	for i := 0; dialStatus(t, url, nil) != http.StatusSwitchingProtocols; i++ {
		if i == 1000 {
			t.Fatal("the closed connection's slot was never freed")
		}
		readNothing()
	}
}

func TestSlowConsumerIsClosed(t *testing.T) {
	for _, code := range []ws.StatusCode{ws.StatusPolicyViolation, ws.StatusTryAgainLater} {
		t.Run(code.String(), func(t *testing.T) {
			closed := make(chan *ws.CloseError, 2)
			ep := &ws.Endpoint{
				SendQueue:        4,
				SlowConsumerCode: code,
				WriteTimeout:     50_000_000, // 50ms: the stuck write gives up soon
				OnOpen:           func(c *ws.Conn) error { return c.Join(c.Context(), "room") },
				OnClose: func(c *ws.Conn, ce *ws.CloseError) {
					if c.User() == "slow" {
						closed <- ce
					}
				},
			}
			_, url := serve(t, ep)
			dial(t, url+"?user=slow", nil) // never reads
			fast := dial(t, url+"?user=fast", nil)
			fast.SetReadLimit(1 << 20)
			for len(ep.Hub.Conns("room")) < 2 {
				readNothing()
			}
			payload := strings.Repeat("x", 64<<10)
			ctx := context.Background()
			// Broadcast until the slow client's queue is full. Its close
			// completes later: the close handshake waits for a client
			// that never reads.
			for i := 0; ep.Hub.Stats().SlowConsumers == 0; i++ {
				if i > 20000 {
					t.Fatal("the slow consumer's queue never filled")
				}
				if err := ep.Hub.Broadcast(ctx, "room", ws.Text(payload)); err != nil {
					t.Fatal(err)
				}
				// The fast client keeps up: every broadcast reaches it.
				if got := readText(t, fast); len(got) != len(payload) {
					t.Fatalf("fast client got %d bytes", len(got))
				}
			}
			select {
			case ce := <-closed:
				if ce.Code != code {
					t.Errorf("slow consumer closed with %v, want %v", ce.Code, code)
				}
			case <-time.After(time.Minute): // a hang guard, not a timing check
				t.Fatal("the slow consumer was never closed")
			}
			if got := ep.Hub.Stats().SlowConsumers; got != 1 {
				t.Errorf("slow consumers = %d, want 1", got)
			}
		})
	}
}

// readNothing yields to the other goroutines.
func readNothing() {
	task.Go(context.Background(), func(context.Context) (int, error) { return 0, nil }).Wait(context.Background())
}

func TestConnectionTasksInRegistry(t *testing.T) {
	seen := make(chan []task.Info, 1)
	var reg *task.Registry
	ep := &ws.Endpoint{OnMessage: func(c *ws.Conn, m ws.Message) error {
		seen <- reg.Snapshot()
		return nil
	}}
	_, url := serve(t, ep, func(app *pylon.App) { reg = app.TaskRegistry() })
	c := dial(t, url+"?user=ann", nil)
	write(t, c, websocket.MessageText, []byte("hi"))
	infos := <-seen
	names := map[string]string{}
	for _, in := range infos {
		names[in.Name] = in.Owner
	}
	for _, n := range []string{"ws.reader"} {
		if owner, ok := names[n]; !ok || !strings.Contains(owner, "user:ann") {
			t.Errorf("task %s: owner %q (present %v); tasks %+v", n, owner, ok, infos)
		}
	}
}
