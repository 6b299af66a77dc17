package ws

import (
	"context"
	"slices"
	"sync"

	"github.com/coder/websocket"
)

// Conn is one open WebSocket connection, run by an Endpoint. Its methods
// may be called concurrently from any goroutine, including from other
// connections' handlers and after the connection has ended (then Send
// returns ErrClosed and Join fails).
type Conn struct {
	ws     *websocket.Conn
	ep     *Endpoint
	hub    *Hub
	id     string
	user   string
	addr   string
	ctx    context.Context
	cancel context.CancelFunc

	mu          sync.Mutex
	closing     bool       // a close was asked for: Send and Join fail
	ended       bool       // no writer may start any more
	writing     bool       // a writer goroutine is running (or has finished for good)
	pingWanted  bool       // the pinger asked for a ping
	queue       []outgoing // the send queue, nil when empty
	closeCode   StatusCode
	closeReason string
	rooms       []string
	writers     sync.WaitGroup
}

// ID returns the connection's ID, unique within its Hub.
func (c *Conn) ID() string { return c.id }

// User returns the user behind the connection, as Endpoint.UserFunc named
// it at upgrade; "" for an anonymous connection.
func (c *Conn) User() string { return c.user }

// RemoteAddr returns the client's address (Context.RealIP at upgrade).
func (c *Conn) RemoteAddr() string { return c.addr }

// Subprotocol returns the negotiated subprotocol, or "".
func (c *Conn) Subprotocol() string { return c.ws.Subprotocol() }

// Hub returns the Hub the connection belongs to.
func (c *Conn) Hub() *Hub { return c.hub }

// Context returns a context that is done when the connection has ended.
func (c *Conn) Context() context.Context { return c.ctx }

// Rooms returns the rooms the connection is in.
func (c *Conn) Rooms() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.rooms)
}

// Send queues m for the writer and returns at once. If the queue is full,
// the client is not keeping up: the connection is closed with the
// Endpoint's SlowConsumerCode and Send returns ErrSlowConsumer. On a
// closing connection it returns ErrClosed.
func (c *Conn) Send(m Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing || c.ended {
		return ErrClosed
	}
	if len(c.queue) < orDefault(c.ep.SendQueue, defaultSendQueue) {
		c.queue = append(c.queue, outgoing{m.typ(), m.Data})
		c.startWriterLocked()
		return nil
	}
	c.hub.stats.slowConsumers.Add(1)
	c.requestCloseLocked(orDefault(c.ep.SlowConsumerCode, StatusPolicyViolation), "slow consumer")
	return ErrSlowConsumer
}

// SendText queues a text message; see Send.
func (c *Conn) SendText(s string) error { return c.Send(Text(s)) }

// SendJSON queues v encoded as JSON in a text message; see Send.
func (c *Conn) SendJSON(v any) error {
	m, err := JSON(v)
	if err != nil {
		return err
	}
	return c.Send(m)
}

// Close starts closing the connection with code and reason (at most 123
// bytes) and returns at once; messages still queued are dropped. Calls
// after the first do nothing.
func (c *Conn) Close(code StatusCode, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requestCloseLocked(code, reason)
}

func (c *Conn) requestCloseLocked(code StatusCode, reason string) {
	if c.closing {
		return
	}
	c.closing, c.closeCode, c.closeReason = true, code, reason
	c.startWriterLocked() // it performs the close handshake
}

// closeRequested returns the code and reason of a close the server
// asked for, if any.
func (c *Conn) closeRequested() (*CloseError, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closing {
		return nil, false
	}
	return &CloseError{Code: c.closeCode, Reason: c.closeReason}, true
}

// Join adds the connection to room: it receives the room's broadcasts
// and counts in its presence. Joining a room twice does nothing.
func (c *Conn) Join(ctx context.Context, room string) error {
	return c.hub.join(ctx, c, room)
}

// Leave takes the connection out of room.
func (c *Conn) Leave(ctx context.Context, room string) error {
	return c.hub.leave(ctx, c, room)
}

// outgoing is a queued message: only what the writer needs, to keep the
// queue small.
type outgoing struct {
	typ  MessageType
	data []byte
}

// deliver is how a Hub hands a broadcast to the connection.
func (c *Conn) deliver(m Message) { _ = c.Send(m) }
