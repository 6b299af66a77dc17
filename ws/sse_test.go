package ws_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/ws"
)

// sseClient opens the event stream and returns a function that reads the
// next event block (lines up to a blank line).
func sseClient(t *testing.T, url, lastID string) (next func() string, closeFn func()) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	br := bufio.NewReader(resp.Body)
	next = func() string {
		var b strings.Builder
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return b.String() + "EOF"
			}
			if line == "\n" {
				return b.String()
			}
			b.WriteString(line)
		}
	}
	return next, func() { resp.Body.Close() }
}

func TestSSEIDsResumeRetry(t *testing.T) {
	hub := ws.NewHub(ws.HubConfig{History: 10})
	srv, _ := serve(t, &ws.Endpoint{Hub: hub}, func(app *pylon.App) {
		app.GET("/events", func(c *pylon.Context) error { return hub.ServeSSE(c, "news") })
	})
	ctx := context.Background()
	next, closeFn := sseClient(t, srv.URL+"/events", "")
	defer closeFn()
	if got := next(); got != "retry: 3000\n" {
		t.Fatalf("first block %q, want the retry hint", got)
	}
	hub.Broadcast(ctx, "news", ws.Text("one"))
	hub.Broadcast(ctx, "news", ws.Message{Event: "update", Data: []byte("two\nlines")})
	hub.Broadcast(ctx, "news", ws.Text("three"))
	if got := next(); got != "id: 1\ndata: one\n" {
		t.Errorf("event 1 %q", got)
	}
	if got := next(); got != "event: update\nid: 2\ndata: two\ndata: lines\n" {
		t.Errorf("event 2 %q", got)
	}
	next()

	// A client that reconnects with Last-Event-ID gets what it missed.
	next2, close2 := sseClient(t, srv.URL+"/events", "1")
	defer close2()
	next2() // retry
	if got := next2(); !strings.Contains(got, "id: 2\n") {
		t.Errorf("resume: first event %q, want id 2", got)
	}
	if got := next2(); got != "id: 3\ndata: three\n" {
		t.Errorf("resume: second event %q", got)
	}

	// Shutdown ends the streams cleanly.
	hub.Shutdown(ctx)
	if got := next(); got != "EOF" {
		t.Errorf("after shutdown %q, want EOF", got)
	}
}
