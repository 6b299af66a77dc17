package ws

import (
	"context"
	"fmt"
)

// Shutdown closes every WebSocket with 1001 (going away), ends every SSE
// stream, refuses new ones (503), and waits until the connections'
// handlers have returned or ctx is done. Calling it again waits again.
func (h *Hub) Shutdown(ctx context.Context) error {
	idle := h.beginShutdown()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("ws: %d connections still open at the shutdown deadline: %w", h.Len(), ctx.Err())
	}
}

// beginShutdown starts Shutdown without waiting and returns a channel
// closed once no connection is left.
func (h *Hub) beginShutdown() <-chan struct{} {
	h.mu.Lock()
	h.closing = true
	conns := make([]*Conn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	streams := make([]*stream, 0, len(h.streams))
	for s := range h.streams {
		streams = append(streams, s)
	}
	idle := h.idle
	if idle == nil {
		idle = make(chan struct{})
		if h.active == 0 {
			close(idle)
		} else {
			h.idle = idle
		}
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.Close(StatusGoingAway, "server shutting down")
	}
	for _, s := range streams {
		s.once.Do(s.cancel)
	}
	return idle
}
