package ws

import (
	"context"
	"slices"
	"time"
)

// Presence returns the users in room, sorted, each once: on every
// instance when the Hub has a Backend, otherwise on this one. Anonymous
// connections are not listed.
func (h *Hub) Presence(ctx context.Context, room string) ([]string, error) {
	if b := h.cfg.Backend; b != nil {
		return b.Presence(ctx, room)
	}
	return h.localUsers(room), nil
}

// localUsers returns the users of this instance's connections in room.
func (h *Hub) localUsers(name string) []string {
	r := h.room(name, false)
	if r == nil {
		return nil
	}
	r.mu.Lock()
	var users []string
	for s := range r.subs {
		if c, ok := s.(*Conn); ok && c.user != "" {
			users = append(users, c.user)
		}
	}
	r.mu.Unlock()
	slices.Sort(users)
	return slices.Compact(users)
}

// syncPresence tells the Backend who is in room on this instance.
func (h *Hub) syncPresence(ctx context.Context, room string) error {
	b := h.cfg.Backend
	if b == nil || isUserRoom(room) {
		return nil
	}
	if err := b.SetPresence(ctx, room, h.localUsers(room)); err != nil {
		h.stats.backendErrors.Add(1)
		h.logger.Warn("ws: presence update failed", "room", room, "error", err)
		return err
	}
	return nil
}

// heartbeat refreshes this instance's presence in every room it has
// users in, until ctx is done, so that it expires only if the instance
// dies.
func (h *Hub) heartbeat(ctx context.Context) {
	t := time.NewTicker(orDefault(h.cfg.PresenceInterval, 10*time.Second))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		h.mu.RLock()
		names := make([]string, 0, len(h.rooms))
		for name := range h.rooms {
			if !isUserRoom(name) {
				names = append(names, name)
			}
		}
		h.mu.RUnlock()
		for _, name := range names {
			if len(h.localUsers(name)) > 0 {
				h.syncPresence(ctx, name)
			}
		}
	}
}
