package ws

import (
	"slices"
	"strconv"
	"sync"
)

// subscriber is a connection or SSE stream in a room. deliver must not
// block.
type subscriber interface{ deliver(m Message) }

// room is a set of subscribers, with its message sequence and history.
type room struct {
	mu      sync.Mutex
	subs    map[subscriber]struct{}
	seq     uint64
	history []Message // a ring of the last messages
	next    int       // where the next message goes once the ring is full
}

func newRoom() *room { return &room{subs: make(map[subscriber]struct{})} }

func formatID(seq uint64) string { return strconv.FormatUint(seq, 10) }

// remember adds m to the ring of the last n messages.
func (r *room) remember(m Message, n int) {
	if len(r.history) < n {
		r.history = append(r.history, m)
		return
	}
	r.history[r.next] = m
	r.next = (r.next + 1) % n
}

// last returns the history, oldest first.
func (r *room) last() []Message {
	out := make([]Message, 0, len(r.history))
	out = append(out, r.history[r.next:]...)
	return append(out, r.history[:r.next]...)
}

// since returns the messages after the one with ID lastID; all of them if
// lastID is empty or no longer in the history.
func (r *room) since(lastID string) []Message {
	all := r.last()
	if lastID == "" {
		return all
	}
	if i := slices.IndexFunc(all, func(m Message) bool { return m.ID == lastID }); i >= 0 {
		return all[i+1:]
	}
	// Numeric IDs (both backends number messages): resume by order.
	if n, err := strconv.ParseUint(lastID, 10, 64); err == nil {
		return slices.DeleteFunc(all, func(m Message) bool {
			id, err := strconv.ParseUint(m.ID, 10, 64)
			return err != nil || id <= n
		})
	}
	return all
}

// History returns the last messages of room kept by this instance,
// oldest first; see HubConfig.History.
func (h *Hub) History(room string) []Message {
	r := h.room(room, false)
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last()
}
