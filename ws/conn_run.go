package ws

import (
	"context"
	"time"
	"unicode/utf8"
)

// readError wraps an error from reading the connection, to tell it from
// an error returned by a handler.
type readError struct{ err error }

func (e readError) Error() string { return e.err.Error() }
func (e readError) Unwrap() error { return e.err }

// readLoop is the reader task: OnOpen, then each message to OnMessage.
func (c *Conn) readLoop(ctx context.Context) (struct{}, error) {
	if c.ep.OnOpen != nil {
		if err := c.ep.OnOpen(c); err != nil {
			return struct{}{}, err
		}
	}
	for {
		typ, data, err := c.ws.Read(ctx)
		if err != nil {
			return struct{}{}, readError{err}
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

// writeLoop is the writer task: it drains the send queue, pings an idle
// client and performs the close handshake the server asks for.
func (c *Conn) writeLoop(ctx context.Context) (struct{}, error) {
	var ping <-chan time.Time
	if d := orDefault(c.ep.PingInterval, defaultPingInterval); d > 0 {
		t := time.NewTicker(d)
		defer t.Stop()
		ping = t.C
	}
	writeTimeout := orDefault(c.ep.WriteTimeout, defaultWriteTimeout)
	for {
		select {
		case m := <-c.send:
			wctx, cancel := context.WithTimeout(ctx, writeTimeout)
			err := c.ws.Write(wctx, m.typ, m.data)
			cancel()
			if err != nil {
				c.ws.CloseNow() // unblocks the reader
				return struct{}{}, err
			}
			c.hub.stats.sent.Add(1)
		case <-ping:
			pctx, cancel := context.WithTimeout(ctx, orDefault(c.ep.PongTimeout, defaultPongTimeout))
			err := c.ws.Ping(pctx)
			cancel()
			if err != nil {
				c.ws.CloseNow()
				return struct{}{}, err
			}
		case <-c.closeReq:
			ce, _ := c.closeRequested()
			// Close writes the close frame and waits for the client's
			// (each step bounded by coder/websocket at 5s), then closes.
			return struct{}{}, c.ws.Close(ce.Code, ce.Reason)
		case <-ctx.Done():
			return struct{}{}, nil
		}
	}
}
