package render_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/render"
)

func TestSSEFraming(t *testing.T) {
	tests := []struct {
		name string
		ev   render.Event
		want string
	}{
		{"data", render.Event{Data: "hello"}, "data: hello\n\n"},
		{"all fields", render.Event{Event: "update", ID: "7", Retry: 1500 * time.Millisecond, Data: "x"}, "event: update\nid: 7\nretry: 1500\ndata: x\n\n"},
		{"multi-line data", render.Event{Data: "a\nb\r\nc\rd"}, "data: a\ndata: b\ndata: c\ndata: d\n\n"},
		{"trailing newline", render.Event{Data: "a\n"}, "data: a\ndata: \n\n"},
		{"no data", render.Event{ID: "1"}, "id: 1\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s := render.NewEventStream(rec)
			if err := s.Send(tt.ev); err != nil {
				t.Fatal(err)
			}
			if got := rec.Body.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if rec.Header().Get("Content-Type") != "text/event-stream" || rec.Header().Get("Cache-Control") != "no-cache" {
				t.Errorf("header %v", rec.Header())
			}
			if !rec.Flushed {
				t.Error("not flushed")
			}
		})
	}
	s := render.NewEventStream(httptest.NewRecorder())
	if err := s.Send(render.Event{Event: "a\nb"}); err == nil {
		t.Error("an event type with a line break was sent")
	}
}

func TestSSECommentAndJSON(t *testing.T) {
	rec := httptest.NewRecorder()
	s := render.NewEventStream(rec)
	s.Comment("keepalive")
	s.JSON("user", map[string]int{"id": 1})
	if got, want := rec.Body.String(), ": keepalive\n\nevent: user\ndata: {\"id\":1}\n\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSSEStreamsThroughServer reads events from a real server as they are
// sent: the handler sends the second event only after the client has read
// the first, which only works if each event is flushed.
func TestSSEStreamsThroughServer(t *testing.T) {
	events := make(chan render.Event)
	app := newApp(t, false)
	done := make(chan error, 1)
	app.GET("/events", func(c *pylon.Context) error {
		err := render.SSE(c).Run(c.Context(), events, time.Hour)
		done <- err
		return err
	})
	srv := httptest.NewServer(app)
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/events", nil)
	res, err := srv.Client().Do(req) // returns once the header is flushed
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	r := bufio.NewReader(res.Body)
	readEvent := func() string {
		var b strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("reading: %v (so far %q)", err, b.String())
			}
			if line == "\n" {
				return b.String()
			}
			b.WriteString(line)
		}
	}
	events <- render.Event{ID: "1", Data: "first"}
	if got := readEvent(); got != "id: 1\ndata: first\n" {
		t.Errorf("first event %q", got)
	}
	events <- render.Event{Event: "second", Data: "two\nlines"}
	if got := readEvent(); got != "event: second\ndata: two\ndata: lines\n" {
		t.Errorf("second event %q", got)
	}
	close(events)
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

func TestSSERunEndsWhenClientLeaves(t *testing.T) {
	app := newApp(t, false)
	done := make(chan error, 1)
	started := make(chan struct{})
	app.GET("/events", func(c *pylon.Context) error {
		s := render.SSE(c)
		s.Start()
		close(started)
		err := s.Run(c.Context(), nil, 0)
		done <- err
		return err
	})
	srv := httptest.NewServer(app)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/events", nil)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	<-started
	cancel()
	res.Body.Close()
	if err := <-done; err != nil {
		t.Errorf("Run after the client left: %v", err)
	}
}
