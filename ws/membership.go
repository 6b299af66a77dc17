package ws

import (
	"context"
	"slices"
)

// admit counts a connection about to upgrade, unless the Hub is shutting
// down.
func (h *Hub) admit() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return false
	}
	h.active++
	return true
}

// admitted undoes admit when the connection's handler ends.
func (h *Hub) admitted() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.active--
	if h.active == 0 && h.idle != nil {
		close(h.idle)
		h.idle = nil
	}
}

// register adds an open connection, and to its user's room.
func (h *Hub) register(c *Conn) bool {
	h.mu.Lock()
	if h.closing {
		h.mu.Unlock()
		return false
	}
	h.conns[c] = struct{}{}
	h.mu.Unlock()
	h.stats.accepted.Add(1)
	if c.user != "" {
		h.subscribe(userRoom(c.user), c)
	}
	return true
}

// unregister takes an ended connection out of the Hub and its rooms.
func (h *Hub) unregister(c *Conn) {
	c.mu.Lock()
	rooms := c.rooms
	c.rooms = nil
	c.requestCloseLocked(StatusNormalClosure, "") // Send and Join fail from now on
	c.mu.Unlock()
	for _, name := range rooms {
		h.unsubscribe(name, c)
	}
	if c.user != "" {
		h.unsubscribe(userRoom(c.user), c)
	}
	h.mu.Lock()
	delete(h.conns, c)
	h.mu.Unlock()
	for _, name := range rooms {
		h.syncPresence(context.WithoutCancel(c.ctx), name)
	}
}

// subscribe adds s to the room, making it if need be. It holds the Hub's
// lock throughout, as unsubscribe does, so that the room cannot be deleted
// as empty between being found and being joined: a subscriber added to a
// deleted room would never hear from it again.
func (h *Hub) subscribe(name string, s subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.roomLocked(name)
	r.mu.Lock()
	r.subs[s] = struct{}{}
	r.mu.Unlock()
}

// unsubscribe removes s from the room, and the room once nothing is left
// in it.
func (h *Hub) unsubscribe(name string, s subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.rooms[name]
	if r == nil {
		return
	}
	r.mu.Lock()
	delete(r.subs, s)
	empty := len(r.subs) == 0 && len(r.history) == 0
	r.mu.Unlock()
	if empty {
		delete(h.rooms, name)
	}
}

func (h *Hub) join(ctx context.Context, c *Conn, name string) error {
	if err := checkRoom(name); err != nil {
		return err
	}
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return ErrClosed
	}
	if slices.Contains(c.rooms, name) {
		c.mu.Unlock()
		return nil
	}
	c.rooms = append(c.rooms, name)
	c.mu.Unlock()
	h.subscribe(name, c)
	// If the connection ended meanwhile, unregister may have left the
	// room before we joined it: undo the join rather than leave a closed
	// connection (and its user, in Presence) in the room for good.
	c.mu.Lock()
	closed := c.closing
	c.mu.Unlock()
	if closed {
		h.unsubscribe(name, c)
		h.syncPresence(context.WithoutCancel(ctx), name)
		return ErrClosed
	}
	return h.syncPresence(ctx, name)
}

func (h *Hub) leave(ctx context.Context, c *Conn, name string) error {
	c.mu.Lock()
	i := slices.Index(c.rooms, name)
	if i < 0 {
		c.mu.Unlock()
		return nil
	}
	c.rooms = slices.Delete(c.rooms, i, i+1)
	c.mu.Unlock()
	h.unsubscribe(name, c)
	return h.syncPresence(ctx, name)
}
