package ws

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// HubConfig configures a Hub. Its zero value is a Hub for one process,
// without history.
type HubConfig struct {
	// History is how many of the last messages each room keeps, for
	// Hub.History and for SSE clients resuming with Last-Event-ID.
	// If not set, none are kept.
	History int

	// Backend carries broadcasts and presence between instances, such as
	// the Redis backend from NewRedis. Run the Hub as a service (Plugin
	// does) so that its clients receive the other instances' broadcasts,
	// and, with Redis, this instance's own in their place among them.
	// If not set, the Hub reaches this process's connections only.
	Backend Backend

	// PresenceInterval is how often the Hub refreshes this instance's
	// presence in the Backend, the heartbeat that keeps it from expiring.
	// If not set, 10s. Keep it well under the Backend's TTL.
	PresenceInterval time.Duration

	// SSERetry is the reconnection delay sent to SSE clients.
	// If not set, 3s.
	SSERetry time.Duration

	// SSEKeepAlive is how long an SSE stream may be idle before a comment
	// is sent to keep proxies from closing it. If not set, 15s.
	SSEKeepAlive time.Duration

	// SSEBuffer is how many events may wait for a slow SSE client; when
	// it overflows the stream ends, and the client reconnects and resumes
	// from the history. If not set, 64.
	SSEBuffer int

	// Logger receives the Hub's log lines. If not set, slog.Default().
	Logger *slog.Logger
}

// Hub groups connections and SSE streams into rooms and delivers
// broadcasts to them: to a room, or to all connections of one user. It
// keeps presence (who is in a room) and, optionally, the last messages of
// each room. With a Backend, broadcasts and presence span every instance
// that shares it.
//
// Delivery never blocks on a client: a connection whose send queue is
// full is closed as a slow consumer, and an SSE stream whose buffer is
// full is ended so that the client resumes.
//
// All methods may be called concurrently. A Hub serves until Shutdown and
// cannot be reused after it.
type Hub struct {
	cfg    HubConfig
	logger *slog.Logger

	mu      sync.RWMutex
	rooms   map[string]*room
	conns   map[*Conn]struct{}
	streams map[*stream]struct{}
	closing bool
	active  int // connections between admit and admitted
	idle    chan struct{}

	nextConn atomic.Uint64
	stats    counters
}

// NewHub returns a Hub configured by cfg.
func NewHub(cfg HubConfig) *Hub {
	h := &Hub{
		cfg:     cfg,
		logger:  cfg.Logger,
		rooms:   make(map[string]*room),
		conns:   make(map[*Conn]struct{}),
		streams: make(map[*stream]struct{}),
	}
	if h.logger == nil {
		h.logger = slog.Default()
	}
	return h
}

// userRoomPrefix marks the private room of each user's connections.
const userRoomPrefix = "\x00user:"

func userRoom(user string) string { return userRoomPrefix + user }

func isUserRoom(name string) bool { return strings.HasPrefix(name, userRoomPrefix) }

// ErrShutdown is returned by Hub methods after Shutdown.
var ErrShutdown = errors.New("ws: hub is shut down")

var errRoomName = errors.New("ws: room name must not be empty or start with a NUL byte")

func checkRoom(name string) error {
	if name == "" || name[0] == 0 {
		return errRoomName
	}
	return nil
}

// Broadcast sends m to every connection and SSE stream in room, on every
// instance when the Hub has a Backend, and keeps it in the room's
// history. The Hub sets m.ID and m.Room. It does not wait for clients.
// With a Backend, it returns once the Backend has the message. If the
// Backend is an EchoPublisher (Redis is) whose subscription is up, this
// instance's clients get m from it (see Serve), as the other instances'
// clients do, so that every instance delivers a room's messages in the
// same ID order; otherwise they get it before Broadcast returns. If the
// Backend fails, m still reaches this instance's clients (without an ID)
// and Broadcast returns the error.
func (h *Hub) Broadcast(ctx context.Context, room string, m Message) error {
	if err := checkRoom(room); err != nil {
		return err
	}
	return h.publish(ctx, room, m)
}

// BroadcastJSON broadcasts v encoded as JSON in a text message.
func (h *Hub) BroadcastJSON(ctx context.Context, room string, v any) error {
	m, err := JSON(v)
	if err != nil {
		return err
	}
	return h.Broadcast(ctx, room, m)
}

// SendToUser sends m to every connection of user, on every instance when
// the Hub has a Backend.
func (h *Hub) SendToUser(ctx context.Context, user string, m Message) error {
	if user == "" {
		return errors.New("ws: SendToUser needs a user")
	}
	return h.publish(ctx, userRoom(user), m)
}

// publish sends m to room. Without a Backend, deliver numbers and
// delivers it under the room's lock, so that a room's messages reach its
// subscribers in ID order. With an EchoPublisher whose subscription is
// up, m comes back from the subscription with the other instances'
// messages, in the order the Backend numbered them: delivering it here
// once Publish returns would race the other publishers and the
// subscription, and let local clients see a different order than remote
// ones. Otherwise it is delivered here, as nothing else will.
func (h *Hub) publish(ctx context.Context, room string, m Message) error {
	m.Room, m.ID = room, ""
	h.stats.broadcasts.Add(1)
	b := h.cfg.Backend
	if b == nil {
		h.deliver(m, true)
		return nil
	}
	var (
		id   string
		echo bool
		err  error
	)
	if ep, ok := b.(EchoPublisher); ok {
		id, echo, err = ep.PublishEcho(ctx, m)
	} else {
		id, err = b.Publish(ctx, m)
	}
	if err != nil {
		h.stats.backendErrors.Add(1)
		h.deliver(m, false)
		return err
	}
	if !echo {
		m.ID = id
		h.deliver(m, false)
	}
	return nil
}

// deliver hands m to the local subscribers of its room and records it in
// the room's history; assignID numbers it (when there is no Backend).
func (h *Hub) deliver(m Message, assignID bool) {
	keep := h.cfg.History > 0 && !isUserRoom(m.Room)
	// Only a room that keeps history outlives its last subscriber: a
	// message to a room nobody is in, without history, goes nowhere, and
	// making the room for it would keep one per name ever sent to (every
	// offline user's). Without history its numbering restarts with the
	// room anyway, as unsubscribe deletes it when it empties.
	r := h.room(m.Room, keep)
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if assignID {
		r.seq++
		m.ID = formatID(r.seq)
	}
	if keep {
		r.remember(m, h.cfg.History)
	}
	for s := range r.subs {
		s.deliver(m)
	}
}

// room returns the named room, creating it if create is set.
func (h *Hub) room(name string, create bool) *room {
	h.mu.RLock()
	r := h.rooms[name]
	h.mu.RUnlock()
	if r != nil || !create {
		return r
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.roomLocked(name)
}

// roomLocked returns the named room, making it if need be; h.mu is held.
// A caller that joins it does so before releasing h.mu, so that the room
// cannot be deleted as empty in between (see subscribe).
func (h *Hub) roomLocked(name string) *room {
	r := h.rooms[name]
	if r == nil {
		r = newRoom()
		h.rooms[name] = r
	}
	return r
}

// Len returns how many WebSocket connections the Hub holds on this
// instance.
func (h *Hub) Len() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.conns)
}

// Conns returns this instance's connections in room.
func (h *Hub) Conns(room string) []*Conn {
	r := h.room(room, false)
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*Conn
	for s := range r.subs {
		if c, ok := s.(*Conn); ok {
			out = append(out, c)
		}
	}
	return out
}
