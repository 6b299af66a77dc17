package ws

import (
	"context"
	"sync"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/render"
)

// stream is an SSE client subscribed to a room.
type stream struct {
	ch     chan render.Event
	cancel context.CancelFunc
	once   sync.Once
}

// deliver queues the event, or ends a stream that has fallen behind: the
// client reconnects and resumes from the history.
func (s *stream) deliver(m Message) {
	select {
	case s.ch <- sseEvent(m):
	default:
		s.once.Do(s.cancel)
	}
}

func sseEvent(m Message) render.Event {
	return render.Event{Event: m.Event, ID: m.ID, Data: string(m.Data)}
}

// ServeSSE streams room's broadcasts to the client as Server-Sent Events
// until the client goes away or the Hub shuts down; it is the fallback
// for clients without WebSockets, and a pylon handler body:
//
//	app.GET("/chat/events", func(c *pylon.Context) error { return hub.ServeSSE(c, "lobby") })
//
// Each event's ID is the message's ID. The stream opens with a retry hint
// (HubConfig.SSERetry); a client that reconnects with a Last-Event-ID
// header (or a lastEventId query parameter, for polyfills) first gets the
// messages it missed from the room's history. Comments keep an idle
// stream alive (HubConfig.SSEKeepAlive). Binary messages are sent as
// their bytes, which must be UTF-8 to arrive intact. The stream is written
// with render's EventStream.
func (h *Hub) ServeSSE(c *pylon.Context, room string) error {
	if err := checkRoom(room); err != nil {
		return pylon.NewHTTPError(400, err.Error())
	}
	ctx, cancel := context.WithCancel(c.Context())
	defer cancel()
	st := &stream{ch: make(chan render.Event, orDefault(h.cfg.SSEBuffer, 64)), cancel: cancel}
	last := c.Request().Header.Get("Last-Event-ID")
	if last == "" {
		last = c.Query("lastEventId")
	}
	backlog, ok := h.addStream(room, st, last)
	if !ok {
		return pylon.NewHTTPError(503, "server shutting down")
	}
	defer h.removeStream(room, st)

	es := render.SSE(c)
	if err := es.Send(render.Event{Retry: orDefault(h.cfg.SSERetry, 3*time.Second)}); err != nil {
		return nil // the client is gone
	}
	for _, m := range backlog {
		if err := es.Send(sseEvent(m)); err != nil {
			return nil
		}
	}
	es.Run(ctx, st.ch, orDefault(h.cfg.SSEKeepAlive, 15*time.Second))
	// Run's error means the client went away: nothing to report to it.
	return nil
}

// addStream subscribes st to room and returns the history after lastID,
// read under the room's lock so that nothing is missed or sent twice.
func (h *Hub) addStream(name string, st *stream, lastID string) ([]Message, bool) {
	h.mu.Lock()
	if h.closing {
		h.mu.Unlock()
		return nil, false
	}
	h.streams[st] = struct{}{}
	r := h.roomLocked(name) // joined before the Hub's lock is released
	r.mu.Lock()
	defer r.mu.Unlock()
	h.mu.Unlock()
	r.subs[st] = struct{}{}
	if lastID == "" {
		return nil, true
	}
	return r.since(lastID), true
}

func (h *Hub) removeStream(name string, st *stream) {
	h.unsubscribe(name, st)
	h.mu.Lock()
	delete(h.streams, st)
	h.mu.Unlock()
}
