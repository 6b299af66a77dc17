package ws

import (
	"context"
	"unicode/utf8"
)

// readError wraps an error from reading the connection, to tell it from
// an error returned by a handler.
type readError struct{ err error }

func (e readError) Error() string { return e.err.Error() }
func (e readError) Unwrap() error { return e.err }

// readLoop is the reader task: OnOpen, then each message to OnMessage,
// within the Endpoint's MessageRate.
func (c *Conn) readLoop(ctx context.Context) (struct{}, error) {
	if c.ep.OnOpen != nil {
		if err := c.ep.OnOpen(c); err != nil {
			return struct{}{}, err
		}
	}
	limit := c.ep.messageLimiter()
	for {
		typ, data, err := c.ws.Read(ctx)
		if err != nil {
			return struct{}{}, readError{err}
		}
		// Over the rate, the connection is closed rather than made to
		// wait: a reader that waits reads no control frames either, so
		// it would miss the client's pongs and its close.
		if limit != nil && !limit.Allow() {
			c.hub.stats.rateLimited.Add(1)
			return struct{}{}, &CloseError{Code: StatusPolicyViolation, Reason: "message rate exceeded"}
		}
		if typ == MessageText && !utf8.Valid(data) {
			return struct{}{}, &CloseError{Code: StatusInvalidData, Reason: "invalid UTF-8"}
		}
		c.hub.stats.received.Add(1)
		if c.ep.OnMessage != nil {
			if err := c.ep.OnMessage(c, Message{Type: typ, Data: data}); err != nil {
				return struct{}{}, err
			}
		}
	}
}

// startWriterLocked starts the writer goroutine unless it is running or
// the connection has ended; c.mu is held. The writer runs only while
// there is something to write, so an idle connection costs no goroutine
// but its reader's.
func (c *Conn) startWriterLocked() {
	if c.writing || c.ended {
		return
	}
	c.writing = true
	c.writers.Add(1)
	go c.writeLoop()
}

// requestPing asks the writer for a ping; the Endpoint's pinger calls it.
func (c *Conn) requestPing() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing || c.ended {
		return
	}
	c.pingWanted = true
	c.startWriterLocked()
}

// writeLoop is the writer: it performs the close handshake the server
// asks for, pings when the pinger asks, and drains the send queue in
// order; it returns once there is nothing left to do. After a close or a
// failure it leaves c.writing set, so that no writer starts again.
func (c *Conn) writeLoop() {
	defer c.writers.Done()
	for {
		c.mu.Lock()
		switch {
		case c.ctx.Err() != nil:
			c.queue, c.pingWanted = nil, false
			c.mu.Unlock()
			return
		case c.closing:
			c.queue, c.pingWanted = nil, false // queued messages are dropped
			ce := &CloseError{Code: c.closeCode, Reason: c.closeReason}
			c.mu.Unlock()
			// Close writes the close frame and waits for the client's
			// (each step bounded by coder/websocket at 5s), then closes.
			c.ws.Close(ce.Code, ce.Reason)
			return
		case c.pingWanted:
			c.pingWanted = false
			c.mu.Unlock()
			pctx, cancel := context.WithTimeout(c.ctx, orDefault(c.ep.PongTimeout, defaultPongTimeout))
			err := c.ws.Ping(pctx)
			cancel()
			if err != nil {
				c.fail()
				return
			}
		case len(c.queue) > 0:
			m := c.queue[0]
			c.queue[0] = outgoing{}
			if c.queue = c.queue[1:]; len(c.queue) == 0 {
				c.queue = nil // an idle connection keeps no queue
			}
			c.mu.Unlock()
			wctx, cancel := context.WithTimeout(c.ctx, orDefault(c.ep.WriteTimeout, defaultWriteTimeout))
			err := c.ws.Write(wctx, m.typ, m.data)
			cancel()
			if err != nil {
				c.fail()
				return
			}
			c.hub.stats.sent.Add(1)
		default:
			c.writing = false
			c.mu.Unlock()
			return
		}
	}
}

// fail ends a connection whose write or ping failed: no writer starts
// again, and closing the socket unblocks the reader.
func (c *Conn) fail() {
	c.mu.Lock()
	c.ended, c.queue = true, nil
	c.mu.Unlock()
	c.ws.CloseNow()
}
