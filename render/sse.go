package render

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pylonweb/pylon"
)

// Event is one Server-Sent Event. Empty fields are left out.
type Event struct {
	// Event is the event type, the browser's EventSource listener name.
	// If not set, the browser dispatches a "message" event.
	Event string
	// ID is the event ID; the browser sends the last one back in the
	// Last-Event-ID header when it reconnects.
	// If not set, no id line.
	ID string
	// Data is the payload. Each line becomes a "data:" line, so the
	// browser receives it whole, line breaks included.
	// If not set, only the other fields are sent (a data-less event is not
	// dispatched by browsers, but id and retry still take effect).
	Data string
	// Retry tells the browser how long to wait before reconnecting.
	// If not set, no retry line.
	Retry time.Duration
}

// EventStream writes Server-Sent Events (text/event-stream) to a response,
// flushing after each one so the client sees it at once. It writes the
// response header on its first write. Its methods are safe for concurrent
// use, so one goroutine may send while another keeps the connection alive.
type EventStream struct {
	mu      sync.Mutex
	w       http.ResponseWriter
	rc      *http.ResponseController
	started bool
	err     error
	buf     []byte
}

// SSE starts an event stream on the request's response:
//
//	app.GET("/events", func(c *pylon.Context) error {
//		s := render.SSE(c)
//		return s.Run(c.Context(), updates, 15*time.Second)
//	})
func SSE(c *pylon.Context) *EventStream { return NewEventStream(c.Response()) }

// NewEventStream returns an EventStream writing to w, for plain net/http
// handlers.
func NewEventStream(w http.ResponseWriter) *EventStream {
	return &EventStream{w: w, rc: http.NewResponseController(w)}
}

// Start writes the response header (status 200, Content-Type
// text/event-stream, Cache-Control no-cache, X-Accel-Buffering no, which
// stops nginx from buffering) and flushes it, so the client's EventSource
// opens before the first event. Send calls it when needed.
func (s *EventStream) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.start()
}

func (s *EventStream) start() error {
	if s.started {
		return s.err
	}
	s.started = true
	h := s.w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	h.Del("Content-Length")
	s.w.WriteHeader(http.StatusOK)
	return s.flush()
}

func (s *EventStream) flush() error {
	if err := s.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.err = err
	}
	return s.err
}

var errFieldNewline = errors.New("render: SSE event and id fields cannot contain line breaks")

// Send writes one event and flushes it. After a write fails, every call
// returns that error: the client is gone.
func (s *EventStream) Send(ev Event) error {
	if strings.ContainsAny(ev.Event, "\r\n") || strings.ContainsAny(ev.ID, "\r\n\x00") {
		return errFieldNewline
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.start(); err != nil {
		return err
	}
	b := s.buf[:0]
	if ev.Event != "" {
		b = append(b, "event: "...)
		b = append(b, ev.Event...)
		b = append(b, '\n')
	}
	if ev.ID != "" {
		b = append(b, "id: "...)
		b = append(b, ev.ID...)
		b = append(b, '\n')
	}
	if ev.Retry > 0 {
		b = append(b, "retry: "...)
		b = strconv.AppendInt(b, ev.Retry.Milliseconds(), 10)
		b = append(b, '\n')
	}
	if ev.Data != "" {
		b = appendData(b, ev.Data)
	}
	b = append(b, '\n')
	s.buf = b
	return s.write(b)
}

// appendData writes one "data:" line per line of data; CR LF, CR and LF
// all end a line, as the SSE grammar says.
func appendData(b []byte, data string) []byte {
	for {
		i := strings.IndexAny(data, "\r\n")
		line := data
		if i >= 0 {
			line = data[:i]
		}
		b = append(b, "data: "...)
		b = append(b, line...)
		b = append(b, '\n')
		if i < 0 {
			return b
		}
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
}

// Data sends an event of the given type (empty means "message") with data.
func (s *EventStream) Data(event, data string) error {
	return s.Send(Event{Event: event, Data: data})
}

// JSON sends an event of the given type whose data is v encoded as JSON.
func (s *EventStream) JSON(event string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("render: encoding SSE data: %w", err)
	}
	return s.Send(Event{Event: event, Data: string(b)})
}

// Comment writes a comment line, which clients ignore; a comment every
// few seconds keeps proxies from closing an idle stream.
func (s *EventStream) Comment(text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.start(); err != nil {
		return err
	}
	b := s.buf[:0]
	for line := range strings.Lines(text) {
		b = append(b, ": "...)
		b = append(b, strings.TrimRight(line, "\r\n")...)
		b = append(b, '\n')
	}
	if text == "" {
		b = append(b, ":\n"...)
	}
	b = append(b, '\n')
	s.buf = b
	return s.write(b)
}

func (s *EventStream) write(b []byte) error {
	if s.err != nil {
		return s.err
	}
	if _, err := s.w.Write(b); err != nil {
		s.err = err
		return err
	}
	return s.flush()
}

// Run sends the events from the channel until it is closed (Run returns
// nil), ctx is done (Run returns nil: for a request's context, the client
// went away) or a write fails (Run returns the error). When keepAlive is
// positive, a comment is sent whenever that long passes without an event.
// Run starts no goroutines.
func (s *EventStream) Run(ctx context.Context, events <-chan Event, keepAlive time.Duration) error {
	if err := s.Start(); err != nil {
		return err
	}
	var tick <-chan time.Time
	if keepAlive > 0 {
		t := time.NewTicker(keepAlive)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			if err := s.Send(ev); err != nil {
				return err
			}
		case <-tick:
			if err := s.Comment("keepalive"); err != nil {
				return err
			}
		}
	}
}
