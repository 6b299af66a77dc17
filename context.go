package pylon

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/pylonweb/pylon/route"

	"github.com/pylonweb/pylon/internal/forwarded"
	"github.com/pylonweb/pylon/internal/recorder"
)

// Context carries one request through Pylon: the request, the response
// writer, the route and its parameters, readers for the query, forms and
// JSON, response helpers, URL building and a logger; the Pylons `c`,
// `request` and `response` in one.
//
// Contexts are pooled. A Context is valid only until its handler returns;
// the App joins the request's tasks before it takes the Context back, so
// nothing Pylon started can touch it afterwards. Do not keep it, or use it
// from goroutines you start yourself; use c.Go for concurrent work. A
// Context is not safe for concurrent use, except Context() and Logger().
type Context struct {
	app    *App
	rw     responseWriter
	writer http.ResponseWriter
	req    *http.Request
	params route.Params
	route  *route.Route

	query   url.Values
	values  map[string]any
	logger  *slog.Logger
	trusted bool // the peer is a trusted proxy
	// conn is the context of the request as the server passed it in,
	// which ends when the client goes away (see clientGone).
	conn context.Context

	formParsed bool
	formErr    error
	limited    io.ReadCloser // the body limitBody made, so it is not wrapped twice
	tasks      *requestTasks
}

func (app *App) acquire(w http.ResponseWriter, r *http.Request) *Context {
	c := app.contexts.Get().(*Context)
	c.rw.Reset(w)
	c.writer, c.req, c.conn = &c.rw, r, r.Context()
	c.trusted = len(app.trusted) > 0 && app.isTrusted(r.RemoteAddr)
	return c
}

func (app *App) release(c *Context) {
	if c.tasks != nil {
		ended := c.tasks.finish()
		c.tasks = nil
		if !ended {
			return // a stuck task may still use c: never reuse it
		}
	}
	// Multipart temp files go with the request, also when a middleware
	// replaced the request or no server is there to remove them.
	if c.req != nil && (c.req.MultipartForm != nil || len(c.values) > 0) {
		if err := c.CleanupUploads(); err != nil {
			app.Logger.Warn("pylon: removing upload temp files", "error", err)
		}
	}
	// acquire sets the writer's state and trusted; here only what a request
	// may have set is cleared, so the pooled Context holds on to nothing.
	c.rw.W = nil
	c.writer, c.req, c.route, c.conn = nil, nil, nil, nil
	c.params.Reset()
	c.query, c.logger = nil, nil
	c.formParsed, c.formErr, c.limited = false, nil, nil
	if len(c.values) > 0 {
		clear(c.values)
	}
	app.contexts.Put(c)
}

func (app *App) isTrusted(remoteAddr string) bool {
	a, ok := forwarded.PeerAddr(remoteAddr)
	return ok && forwarded.Trusted(a, app.trusted)
}

// App returns the App serving the request.
func (c *Context) App() *App { return c.app }

// Request returns the request.
func (c *Context) Request() *http.Request { return c.req }

// SetRequest replaces the request, for middleware that derives a new one
// (for example with a new context).
func (c *Context) SetRequest(r *http.Request) { c.req = r }

// Response returns the response writer. Through middleware it may be a
// wrapper; every wrapper implements Unwrap, so http.ResponseController
// works on it.
func (c *Context) Response() http.ResponseWriter { return c.writer }

// Header returns the response header map.
func (c *Context) Header() http.Header { return c.writer.Header() }

// Context returns the request's context, done when the client goes away
// or the request ends.
func (c *Context) Context() context.Context { return c.req.Context() }

// Route returns the matched route, or nil before routing and for requests
// that matched none.
func (c *Context) Route() *route.Route { return c.route }

// Status returns the status written so far, or 0.
func (c *Context) Status() int { return c.rw.Code }

// Written reports whether the response header was written.
func (c *Context) Written() bool { return c.startedStatus() != 0 }

// startedStatus returns the status the handler has written, or 0. A
// status held back above the App's recorder, by Compress, counts: the
// handler has written it, though the client has not seen it yet.
func (c *Context) startedStatus() int {
	if c.rw.Written {
		return c.rw.Code
	}
	if c.writer == &c.rw {
		return 0 // no middleware between: the common case
	}
	return recorder.StartedAbove(c.writer, &c.rw.Writer)
}

// clientGone reports whether the client has gone away: the context of
// the request as the server passed it in was cancelled. A Context made
// inside middleware (a mounted App, one behind a writer-hiding
// middleware) sees a derived context; a deadline a middleware set ends
// that with DeadlineExceeded, not Canceled, so it is not taken for the
// client leaving.
func (c *Context) clientGone() bool { return c.conn != nil && c.conn.Err() == context.Canceled }

// StatusOf is the package's [StatusOf] for this request: it tells a client
// that went away (499, which is not answered) from a context.Canceled with
// the client still there, such as an errgroup giving up (500). Custom
// error handlers should use it.
func (c *Context) StatusOf(err error) int {
	code := StatusOf(err)
	if code == 499 && !c.clientGone() {
		return http.StatusInternalServerError
	}
	return code
}

// Set stores a value for the rest of the request, for middleware to hand
// things to handlers.
func (c *Context) Set(key string, v any) {
	if c.values == nil {
		c.values = make(map[string]any)
	}
	c.values[key] = v
}

// Get returns a value stored with Set.
func (c *Context) Get(key string) (any, bool) {
	v, ok := c.values[key]
	return v, ok
}

// RequestID returns the request's ID as set by middleware.RequestID: the
// X-Request-Id response header, or the request's.
func (c *Context) RequestID() string {
	if id := c.writer.Header().Get("X-Request-Id"); id != "" {
		return id
	}
	return c.req.Header.Get("X-Request-Id")
}

// Logger returns the App's logger with the request ID attached.
func (c *Context) Logger() *slog.Logger {
	if c.logger == nil {
		c.logger = c.app.Logger
		if id := c.RequestID(); id != "" {
			c.logger = c.logger.With("request_id", id)
		}
	}
	return c.logger
}
