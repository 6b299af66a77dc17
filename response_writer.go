package pylon

import (
	"net/http"

	"github.com/pylonweb/pylon/internal/recorder"
	"github.com/pylonweb/pylon/route"
)

// responseWriter is the ResponseWriter every Context starts with. It
// records the status and size (the recorder the middleware package shares,
// so that Logger, Recover and Timeout inside an App read this record
// rather than wrap again), and it leads back to its Context from inside
// net/http middleware (see contextFor).
type responseWriter struct {
	recorder.Writer
	c *Context
}

// Recorder returns rw's record, for the middleware package.
func (rw *responseWriter) Recorder() *recorder.Writer { return &rw.Writer }

// contextFor finds the Context whose writer w wraps, by following Unwrap
// from w down to a responseWriter of this App. A middleware that wraps the
// writer without Unwrap hides it; then the inner part of the chain gets a
// Context of its own (fresh is true), which the caller fills (see
// reroute) and releases.
func (app *App) contextFor(w http.ResponseWriter, r *http.Request) (c *Context, fresh bool) {
	for cur := w; cur != nil; {
		if rw, ok := cur.(*responseWriter); ok && rw.c.app == app {
			return rw.c, false
		}
		u, ok := cur.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		cur = u.Unwrap()
	}
	return app.acquire(w, r), true
}

// reroute gives c, made behind a middleware that hid the writer, the route
// and parameters that dispatch gave the Context c stands in for, by looking
// its request up again: free until needed. The values set with Context.Set
// stay behind: the hidden writer no longer leads to the Context that holds
// them, and carrying them through the request (its context.Context) would
// cost every request an allocation, and a shared table would make them all
// meet at one lock.
func (app *App) reroute(c *Context) {
	r := c.req
	path := route.RequestPath(r)
	m := app.router.Lookup(r.Method, path, &c.params)
	switch m.Kind {
	case route.Found:
		c.route = m.Route
	case route.Options, route.MethodNotAllowed:
		app.answeringRoute(path, m.Allow, &c.params)
	}
}
