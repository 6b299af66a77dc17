package ws_test

import (
	"context"
	"net"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/ws"
)

// pipeListener is a net.Listener whose connections are net.Pipes, so a
// server and its clients run inside one synctest bubble.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error   { l.once.Do(func() { close(l.done) }); return nil }
func (l *pipeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }

func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Pings keep a responsive client connected for as long as it likes and
// drop one that never answers, once PingInterval and PongTimeout have
// passed: all in fake time.
func TestKeepalive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		closed := make(chan string, 2)
		ep := &ws.Endpoint{
			Hub:          ws.NewHub(ws.HubConfig{}),
			PingInterval: 30 * time.Second,
			PongTimeout:  10 * time.Second,
			UserFunc:     func(c *pylon.Context) string { return c.Query("user") },
			OnClose:      func(c *ws.Conn, _ *ws.CloseError) { closed <- c.User() },
		}
		app := quietApp()
		app.GET("/ws", ep.Handle)
		ln := newPipeListener()
		srv := &http.Server{Handler: app}
		go srv.Serve(ln)
		tr := &http.Transport{DialContext: ln.dial}
		opts := &websocket.DialOptions{HTTPClient: &http.Client{Transport: tr}}
		ctx := context.Background()

		live, _, err := websocket.Dial(ctx, "ws://pipe/ws?user=live", opts)
		if err != nil {
			t.Fatal(err)
		}
		live.CloseRead(ctx) // reads in the background, which answers pings
		mute, _, err := websocket.Dial(ctx, "ws://pipe/ws?user=mute", opts)
		if err != nil {
			t.Fatal(err)
		}

		time.Sleep(30*time.Second + 10*time.Second + time.Millisecond)
		synctest.Wait()
		if got := <-closed; got != "mute" {
			t.Fatalf("%s was closed first, want mute", got)
		}
		time.Sleep(10 * time.Minute) // twenty pings, all answered
		synctest.Wait()
		select {
		case u := <-closed:
			t.Fatalf("%s was closed although it answers pings", u)
		default:
		}

		live.CloseNow()
		mute.CloseNow()
		ep.Hub.Shutdown(ctx)
		srv.Close()
		tr.CloseIdleConnections()
	})
}
