package ws_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
	"github.com/pylonweb/pylon/ws"
)

// startServer serves an Endpoint on loopback: /echo echoes, /room joins
// "room". It returns the address and the Hub.
func startServer(tb testing.TB) (string, *ws.Hub) {
	tb.Helper()
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	app.Registry = &task.Registry{}
	hub := ws.NewHub(ws.HubConfig{Logger: app.Logger})
	echo := &ws.Endpoint{Hub: hub, MaxConnsPerClient: -1,
		OnMessage: func(c *ws.Conn, m ws.Message) error { return c.Send(m) }}
	room := &ws.Endpoint{Hub: hub, MaxConnsPerClient: -1,
		OnOpen: func(c *ws.Conn) error { return c.Join(c.Context(), "room") }}
	app.GET("/echo", echo.Handle)
	app.GET("/room", room.Handle)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := &http.Server{Handler: app}
	go srv.Serve(ln)
	tb.Cleanup(func() {
		hub.Shutdown(context.Background())
		srv.Close()
	})
	return ln.Addr().String(), hub
}
