package ws

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/pylonweb/pylon"
)

// Endpoint upgrades requests to WebSocket connections and runs them: its
// Handle method is a pylon.Handler.
//
//	hub := ws.NewHub(ws.HubConfig{History: 50})
//	chat := &ws.Endpoint{
//		Hub:      hub,
//		UserFunc: func(c *pylon.Context) string { return session.GetString(c, "user") },
//		OnOpen:   func(conn *ws.Conn) error { return conn.Join(conn.Context(), "lobby") },
//		OnMessage: func(conn *ws.Conn, m ws.Message) error {
//			m.From = conn.User()
//			return hub.Broadcast(conn.Context(), "lobby", m)
//		},
//	}
//	app.GET("/chat/ws", chat.Handle)
//
// Each connection runs as one task of package task, "ws.reader",
// recorded in the App's task registry with the connection (and its user)
// as owner, so /debug/tasks lists it; Handle returns once the task has
// started (the request ends at the upgrade, for middleware too), and the
// connection's context keeps the request's values but not its
// cancellation. OnOpen, OnMessage and OnClose run in that task, one call
// at a time per connection; a panic in them closes that connection with
// 1011 and is logged, never more. Sends go through a bounded queue
// drained by a writer goroutine that exists only while the queue is not
// empty (or a ping or close is being sent), and one goroutine per
// Endpoint pings all its connections.
//
// Set the fields before the first request; an Endpoint must not be copied
// after first use. Handle may be called concurrently.
type Endpoint struct {
	// Hub tracks the connections for rooms, broadcasts, presence and
	// shutdown. If not set, Handle fails with 500: create one with NewHub.
	Hub *Hub

	// OriginPatterns lists the other origins allowed to connect, besides
	// the request's own host. An entry with "://" ("https://app.example")
	// is matched against the scheme and host, one without against the
	// host alone; both with path.Match, case-insensitively
	// ("*.example.com"). A request with an Origin that matches neither
	// gets 403: this is the defence against cross-site WebSocket
	// hijacking, since browsers send cookies with cross-site upgrades.
	// Requests without Origin (non-browser clients) are allowed.
	// If not set, same origin only.
	OriginPatterns []string

	// Subprotocols lists the subprotocols to negotiate, in order of
	// preference; see Conn.Subprotocol. If not set, none.
	Subprotocols []string

	// Compression turns on permessage-deflate (without context takeover,
	// so its memory is per message, not per connection) for clients that
	// offer it. If not set, off: most messages are small, and compression
	// costs CPU and memory.
	Compression bool

	// ReadLimit is the largest message accepted, in bytes; a larger one
	// closes the connection with 1009. If not set, 32 KiB.
	ReadLimit int64

	// SendQueue is how many outgoing messages may wait for the writer.
	// When it is full, the connection is a slow consumer and is closed
	// with SlowConsumerCode rather than make a broadcast wait.
	// If not set, 32.
	SendQueue int

	// SlowConsumerCode is the close code for a slow consumer: 1008
	// (policy violation) or 1013 (try again later), which invites a
	// reconnect. If not set, StatusPolicyViolation (1008).
	SlowConsumerCode StatusCode

	// PingInterval is how often the server pings each connection, from
	// one ticker shared by the Endpoint's connections (so the first ping
	// comes within PingInterval of the upgrade). If not set, 30s;
	// negative turns pings off.
	PingInterval time.Duration

	// PongTimeout is how long the server waits for a pong before it
	// drops the connection. If not set, 15s.
	PongTimeout time.Duration

	// WriteTimeout bounds each write; a client that accepts no data for
	// that long is dropped. If not set, 10s.
	WriteTimeout time.Duration

	// MessageRate limits how many messages per second each connection may
	// send, with bursts of MessageBurst, so that one client cannot flood a
	// room, or the send queues of everyone in it. A connection over it is
	// closed with 1008 (policy violation) and the reason "message rate
	// exceeded", and counted in Stats.RateLimited. If not set, 100;
	// negative means no limit.
	MessageRate float64

	// MessageBurst is how many messages a connection may send at once
	// before MessageRate applies. If not set, MessageRate rounded up.
	MessageBurst int

	// MaxConnsPerClient limits the open connections from one client
	// address (Context.RealIP); the next upgrade gets 429 Too Many
	// Requests. If not set, 64; negative means no limit.
	MaxConnsPerClient int

	// UserFunc names the user behind a connection, at upgrade, usually
	// from the session:
	//
	//	UserFunc: func(c *pylon.Context) string { return session.GetString(c, "user") }
	//
	// The name is the connection's Conn.User, its task owner, its
	// presence in rooms and its address for Hub.SendToUser. Return "" for
	// an anonymous connection. If not set, every connection is anonymous.
	UserFunc func(c *pylon.Context) string

	// Authorize, if set, runs before the upgrade; an error refuses it
	// (through the App's error handler: return pylon.ErrUnauthorized for
	// 401). If not set, everyone may connect.
	Authorize func(c *pylon.Context) error

	// OnOpen is called once the connection is open, before any message
	// is read: join rooms here. An error closes the connection (with the
	// code of a *CloseError, otherwise 1011). If not set, nothing.
	OnOpen func(conn *Conn) error

	// OnMessage is called with each message received. An error closes the
	// connection (with the code of a *CloseError, otherwise 1011). If not
	// set, messages are read and dropped.
	OnMessage func(conn *Conn, m Message) error

	// OnClose is called once the connection has ended, with how it ended.
	// If not set, nothing.
	OnClose func(conn *Conn, err *CloseError)

	limitMu sync.Mutex
	perAddr map[string]int
	pings   pinger
}

const (
	defaultReadLimit    = 32 << 10
	defaultSendQueue    = 32
	defaultPingInterval = 30 * time.Second
	defaultPongTimeout  = 15 * time.Second
	defaultWriteTimeout = 10 * time.Second
	defaultMaxPerClient = 64
	defaultMessageRate  = 100
)

// messageLimiter returns the limiter of one connection's incoming
// messages, or nil for no limit.
func (e *Endpoint) messageLimiter() *rate.Limiter {
	r := orDefault(e.MessageRate, defaultMessageRate)
	if math.IsNaN(r) {
		r = defaultMessageRate
	}
	if r < 0 {
		return nil
	}
	burst := e.MessageBurst
	if burst <= 0 {
		burst = max(int(math.Ceil(r)), 1)
	}
	return rate.NewLimiter(rate.Limit(r), burst)
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// acquireSlot counts a connection from addr and reports whether it is
// within MaxConnsPerClient.
func (e *Endpoint) acquireSlot(addr string) bool {
	limit := orDefault(e.MaxConnsPerClient, defaultMaxPerClient)
	e.limitMu.Lock()
	defer e.limitMu.Unlock()
	if limit > 0 && e.perAddr[addr] >= limit {
		return false
	}
	if e.perAddr == nil {
		e.perAddr = make(map[string]int)
	}
	e.perAddr[addr]++
	return true
}

func (e *Endpoint) releaseSlot(addr string) {
	e.limitMu.Lock()
	defer e.limitMu.Unlock()
	if e.perAddr[addr] <= 1 {
		delete(e.perAddr, addr)
		return
	}
	e.perAddr[addr]--
}
