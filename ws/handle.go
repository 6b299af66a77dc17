package ws

import (
	"context"
	"errors"
	"log/slog"
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
	if !e.Hub.admit() {
		e.releaseSlot(addr)
		return pylon.NewHTTPError(http.StatusServiceUnavailable, "server shutting down")
	}
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
		e.Hub.admitted()
		e.releaseSlot(addr)
		return nil
	}
	wsc.SetReadLimit(orDefault(e.ReadLimit, defaultReadLimit))
	conn := e.newConn(c, wsc, user, addr)
	conn.start(c)
	// The handler returns now: the connection lives on in its reader
	// task, and the request's memory (net/http's and pylon's) is freed.
	return nil
}

func (e *Endpoint) newConn(c *pylon.Context, wsc *websocket.Conn, user, addr string) *Conn {
	// The request's context ends when the handler returns, which is at
	// once: keep its values, not its cancellation.
	ctx, cancel := context.WithCancel(context.WithoutCancel(c.Context()))
	return &Conn{
		ws: wsc, ep: e, hub: e.Hub,
		id:   strconv.FormatUint(e.Hub.nextConn.Add(1), 10),
		user: user, addr: addr,
		ctx: ctx, cancel: cancel,
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

// start registers the connection and spawns its reader task, which runs
// OnOpen and OnMessage and, once the connection has ended, the rest
// (end). The writer is a goroutine of its own only while there is
// something to write (see writeLoop), and pings come from the Endpoint's
// pinger, so an idle connection is one goroutine.
func (conn *Conn) start(c *pylon.Context) {
	h := conn.hub
	if !h.register(conn) {
		conn.Close(StatusGoingAway, "server shutting down")
	}
	if d := orDefault(conn.ep.PingInterval, defaultPingInterval); d > 0 {
		conn.ep.pings.add(conn, d)
	}
	logger := c.Logger() // c is not ours after the handler returns
	spec := task.Spec{Name: "ws.reader", Owner: conn.owner(c.RequestID()), Registry: c.App().TaskRegistry()}
	reader := task.Spawn(conn.ctx, spec, conn.readLoop)
	// OnDone runs in the reader's goroutine once readLoop has returned or
	// panicked (the task has recovered the panic into its error).
	reader.OnDone(func(t *task.Task[struct{}]) { conn.end(logger, t.Err()) })
}

// end closes the connection after its reader task has ended with err,
// waits for the writer, reports the end to OnClose and releases what
// Handle acquired.
func (conn *Conn) end(logger *slog.Logger, err error) {
	h, e := conn.hub, conn.ep
	defer e.releaseSlot(conn.addr)
	defer h.admitted()
	defer conn.cancel()
	defer h.unregister(conn) // again, harmlessly, if anything below panicked
	e.pings.remove(conn)

	var rerr readError
	var ce *CloseError
	var pe *task.PanicError
	switch {
	case errors.As(err, &rerr):
		// The peer closed, the link broke, or the writer gave up.
	case errors.As(err, &ce):
		conn.Close(ce.Code, ce.Reason)
	case errors.As(err, &pe):
		logger.Error("ws: handler panicked; connection closed with 1011",
			"conn", conn.id, "user", conn.user, "error", err, "stack", string(pe.Stack))
		conn.Close(StatusInternalError, "internal error")
	case err != nil:
		logger.Error("ws: handler failed; connection closed with 1011", "conn", conn.id, "user", conn.user, "error", err)
		conn.Close(StatusInternalError, "internal error")
	}
	closed, serverClosed := conn.closeRequested()
	if !serverClosed {
		conn.cancel() // stops the writer
	}
	conn.mu.Lock()
	conn.ended = true // no writer starts from now on
	conn.mu.Unlock()
	conn.writers.Wait()
	conn.ws.CloseNow()
	if !serverClosed {
		closed = endStatus(rerr.err)
	}
	// Out of the Hub and its rooms before OnClose, so that what OnClose
	// tells the others (who is left, Presence) no longer counts this one.
	h.unregister(conn)
	h.stats.closed.Add(1)
	if e.OnClose != nil {
		conn.callOnClose(logger, closed)
	}
}

func (conn *Conn) callOnClose(logger *slog.Logger, closed *CloseError) {
	defer func() {
		if v := recover(); v != nil {
			logger.Error("ws: OnClose panicked", "conn", conn.id, "panic", v)
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
