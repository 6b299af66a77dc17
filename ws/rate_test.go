package ws_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon/ws"
)

// A client over MessageRate is closed with 1008 once its burst is spent;
// the message over the limit never reaches OnMessage (or a room).
func TestMessageRateClosesAFlood(t *testing.T) {
	var handled atomic.Int32
	ep := &ws.Endpoint{
		MessageRate:  1e-9, // no token comes back during the test
		MessageBurst: 3,
		OnMessage: func(c *ws.Conn, m ws.Message) error {
			handled.Add(1)
			return nil
		},
	}
	_, url := serve(t, ep)
	c := dial(t, url, nil)
	ctx := context.Background()
	for _, msg := range []string{"1", "2", "3", "4"} {
		if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := c.Read(ctx)
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.StatusPolicyViolation || ce.Reason != "message rate exceeded" {
		t.Fatalf("read after the flood: %v, want close 1008 \"message rate exceeded\"", err)
	}
	if n := handled.Load(); n != 3 {
		t.Errorf("OnMessage ran %d times, want 3", n)
	}
	if n := ep.Hub.Stats().RateLimited; n != 1 {
		t.Errorf("Stats().RateLimited = %d, want 1", n)
	}
}

// Within the rate, nothing is closed.
func TestMessageRateAllowsBurst(t *testing.T) {
	ep := echo()
	ep.MessageRate, ep.MessageBurst = 1e-9, 5
	_, url := serve(t, ep)
	c := dial(t, url, nil)
	ctx := context.Background()
	for _, msg := range []string{"1", "2", "3", "4", "5"} {
		if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatal(err)
		}
		if got := readText(t, c); got != msg {
			t.Fatalf("echo %q, want %q", got, msg)
		}
	}
}
