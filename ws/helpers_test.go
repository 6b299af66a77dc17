package ws_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
	"github.com/pylonweb/pylon/ws"
)

// quietApp returns an App that logs nowhere and records its tasks in a
// registry of its own.
func quietApp() *pylon.App {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	app.Registry = &task.Registry{}
	return app
}

// serve serves ep at /ws on a test server; more routes may be added by
// extra. It returns the server and its WebSocket URL.
func serve(t *testing.T, ep *ws.Endpoint, extra ...func(app *pylon.App)) (*httptest.Server, string) {
	t.Helper()
	app := quietApp()
	if ep.Hub == nil {
		ep.Hub = ws.NewHub(ws.HubConfig{Logger: slog.New(slog.DiscardHandler)})
	}
	if ep.UserFunc == nil {
		ep.UserFunc = func(c *pylon.Context) string { return c.Query("user") }
	}
	app.GET("/ws", ep.Handle)
	for _, f := range extra {
		f(app)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(func() {
		ep.Hub.Shutdown(context.Background())
		srv.Close()
	})
	return srv, "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"
}

// dial connects to url and closes the connection when the test ends.
func dial(t *testing.T, url string, opts *websocket.DialOptions) *websocket.Conn {
	t.Helper()
	c, resp, err := websocket.Dial(context.Background(), url, opts)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (status %d)", url, err, status)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// dialStatus tries to connect and returns the HTTP status of a refusal.
func dialStatus(t *testing.T, url string, opts *websocket.DialOptions) int {
	t.Helper()
	c, resp, err := websocket.Dial(context.Background(), url, opts)
	if err == nil {
		c.CloseNow()
		return http.StatusSwitchingProtocols
	}
	if resp == nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// readUntilClose reads until the connection closes and returns the close
// status the server sent.
func readUntilClose(t *testing.T, c *websocket.Conn) websocket.StatusCode {
	t.Helper()
	for {
		_, _, err := c.Read(context.Background())
		if err != nil {
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			return websocket.CloseStatus(err)
		}
	}
}

func readText(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	typ, b, err := c.Read(context.Background())
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if typ != websocket.MessageText {
		t.Fatalf("read a %v message, want text", typ)
	}
	return string(b)
}

func write(t *testing.T, c *websocket.Conn, typ websocket.MessageType, b []byte) {
	t.Helper()
	if err := c.Write(context.Background(), typ, b); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// echo is an Endpoint that sends every message back.
func echo() *ws.Endpoint {
	return &ws.Endpoint{OnMessage: func(conn *ws.Conn, m ws.Message) error { return conn.Send(m) }}
}
