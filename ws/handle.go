package ws

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// Handle upgrades the request to a WebSocket and runs the connection
// until it ends; it is a pylon.Handler. Before the upgrade it refuses a
// foreign Origin with 403, a client over MaxConnsPerClient with 429 and a
// Hub that is shutting down with 503.
func (e *Endpoint) Handle(c *pylon.Context) error {
	if e.Hub == nil {
		return pylon.NewHTTPError(http.StatusInternalServerError, "ws: Endpoint.Hub is not set")
	}
	r := c.Request()
	if !originAllowed(r, e.OriginPatterns) {
		e.Hub.stats.rejected.Add(1)
		c.Logger().Warn("ws: cross-origin upgrade refused", "origin", r.Header.Get("Origin"), "host", r.Host)
		return pylon.NewHTTPError(http.StatusForbidden, "WebSocket origin not allowed")
	}
	if e.Authorize != nil {
		if err := e.Authorize(c); err != nil {
			return err
		}
	}
	addr := c.RealIP()
	if !e.acquireSlot(addr) {
		e.Hub.stats.rejected.Add(1)
		c.Header().Set("Retry-After", "10")
		return pylon.NewHTTPError(http.StatusTooManyRequests, "too many WebSocket connections from this address")
	}
	defer e.releaseSlot(addr)
	if !e.Hub.admit() {
		return pylon.NewHTTPError(http.StatusServiceUnavailable, "server shutting down")
	}
	defer e.Hub.admitted()
	var user string
	if e.UserFunc != nil {
		user = e.UserFunc(c)
	}
	opts := &websocket.AcceptOptions{
		InsecureSkipVerify: true, // originAllowed checked it
		Subprotocols:       e.Subprotocols,
	}
	if e.Compression {
		opts.CompressionMode = websocket.CompressionNoContextTakeover
	}
	wsc, err := websocket.Accept(c.Response(), r, opts)
	if err != nil {
		// Accept has written the error response (400, 426).
		c.Logger().Debug("ws: upgrade failed", "error", err)
		return nil
	}
	wsc.SetReadLimit(orDefault(e.ReadLimit, defaultReadLimit))
	conn := e.newConn(c, wsc, user, addr)
	conn.run(c)
	return nil
}

func (e *Endpoint) newConn(c *pylon.Context, wsc *websocket.Conn, user, addr string) *Conn {
	ctx, cancel := context.WithCancel(c.Context())
	return &Conn{
		ws: wsc, ep: e, hub: e.Hub,
		id:   strconv.FormatUint(e.Hub.nextConn.Add(1), 10),
		user: user, addr: addr,
		ctx: ctx, cancel: cancel,
		send:     make(chan outgoing, orDefault(e.SendQueue, defaultSendQueue)),
		closeReq: make(chan struct{}),
	}
}

// owner is the connection's owner in the task registry.
func (c *Conn) owner(requestID string) string {
	var b strings.Builder
	if requestID != "" {
		b.WriteString(requestID)
		b.WriteByte(' ')
	}
	b.WriteString("ws:")
	b.WriteString(c.id)
	if c.user != "" {
		b.WriteString(" user:")
		b.WriteString(c.user)
	}
	return b.String()
}

// run starts the reader and writer tasks, waits for them and reports the
// end. The handler's goroutine only waits.
func (conn *Conn) run(c *pylon.Context) {
	defer conn.cancel()
	h := conn.hub
	if !h.register(conn) {
		conn.Close(StatusGoingAway, "server shutting down")
	}
	defer h.unregister(conn)

	spec := task.Spec{Owner: conn.owner(c.RequestID()), Registry: c.App().TaskRegistry()}
	spec.Name = "ws.writer"
	writer := task.Spawn(conn.ctx, spec, conn.writeLoop)
	spec.Name = "ws.reader"
	reader := task.Spawn(conn.ctx, spec, conn.readLoop)

	_, err := reader.Wait(context.Background())
	var rerr readError
	var ce *CloseError
	var pe *task.PanicError
	switch {
	case errors.As(err, &rerr):
		// The peer closed, the link broke, or the writer gave up.
	case errors.As(err, &ce):
		conn.Close(ce.Code, ce.Reason)
	case errors.As(err, &pe):
		c.Logger().Error("ws: handler panicked; connection closed with 1011",
			"conn", conn.id, "user", conn.user, "error", err, "stack", string(pe.Stack))
		conn.Close(StatusInternalError, "internal error")
	case err != nil:
		c.Logger().Error("ws: handler failed; connection closed with 1011", "conn", conn.id, "user", conn.user, "error", err)
		conn.Close(StatusInternalError, "internal error")
	}
	closed, serverClosed := conn.closeRequested()
	if !serverClosed {
		conn.cancel() // stops the writer
	}
	writer.Wait(context.Background())
	conn.ws.CloseNow()
	if !serverClosed {
		closed = endStatus(rerr.err)
	}
	h.stats.closed.Add(1)
	if conn.ep.OnClose != nil {
		conn.callOnClose(c, closed)
	}
}

func (conn *Conn) callOnClose(c *pylon.Context, closed *CloseError) {
	defer func() {
		if v := recover(); v != nil {
			c.Logger().Error("ws: OnClose panicked", "conn", conn.id, "panic", v)
		}
	}()
	conn.ep.OnClose(conn, closed)
}

// endStatus says how a connection the server did not close ended, from
// the reader's error.
func endStatus(err error) *CloseError {
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		return &CloseError{Code: ce.Code, Reason: ce.Reason}
	}
	if err != nil && strings.Contains(err.Error(), "read limited at") {
		// coder/websocket has closed it with 1009 itself.
		return &CloseError{Code: StatusMessageTooBig, Reason: "message too big"}
	}
	return &CloseError{Code: StatusAbnormal, Reason: "connection lost"}
}
