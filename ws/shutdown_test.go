package ws_test

import (
	"context"
	"net"
	"testing"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/ws"
)

// When App.Serve's context ends, the Plugin closes WebSockets with 1001
// and ends SSE streams as shutdown begins, so Serve returns promptly.
func TestGracefulShutdown(t *testing.T) {
	app := quietApp()
	hub := ws.NewHub(ws.HubConfig{})
	if err := app.Plug(&ws.Plugin{Hub: hub}); err != nil {
		t.Fatal(err)
	}
	ep := chatEndpoint(hub)
	app.GET("/ws", ep.Handle)
	app.GET("/events", func(c *pylon.Context) error { return hub.ServeSSE(c, "lobby") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- app.Serve(ctx, ln) }()

	c := dial(t, "ws://"+ln.Addr().String()+"/ws", nil)
	next, closeSSE := sseClient(t, "http://"+ln.Addr().String()+"/events", "")
	defer closeSSE()
	next() // retry hint: the stream is open
	for len(hub.Conns("lobby")) < 1 {
		readNothing()
	}

	cancel()
	if code := readUntilClose(t, c); code != websocket.StatusGoingAway {
		t.Errorf("close %v, want 1001", code)
	}
	if got := next(); got != "EOF" {
		t.Errorf("SSE after shutdown: %q, want EOF", got)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, _, err := websocket.Dial(context.Background(), "ws://"+ln.Addr().String()+"/ws", nil); err == nil {
		t.Error("upgraded after shutdown")
	}
}
