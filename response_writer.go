package pylon

import (
	"maps"
	"net/http"
	"net/url"
	"sync"

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
// handoff.fill) and releases.
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

// A handoff sits on both sides of one net/http middleware and gives the
// fresh Context that contextFor makes when the middleware hides the writer
// what can be recovered of the Context it stands in for.
//
// The route and its parameters are looked up again, which costs nothing
// until it is needed. The values set with Context.Set need the Context
// itself, which the hidden writer no longer leads to; the request does,
// when the middleware passes on r or a copy made with r.WithContext, as
// http.TimeoutHandler does: both share r.URL. So while the middleware runs
// for a Context that has values, the Context waits here with r.URL. Only
// such requests pay for the lock, twice per net/http middleware; requests
// without values, the common case, pay nothing.
type handoff struct {
	routed bool // the middleware runs after routing

	mu      sync.Mutex
	waiting []waiter // few: the requests in the middleware now
}

type waiter struct {
	url *url.URL
	c   *Context
}

// serve runs h for c, with c waiting for a fresh Context to copy its
// values from.
func (ho *handoff) serve(h http.Handler, c *Context, w http.ResponseWriter, r *http.Request) {
	ho.mu.Lock()
	ho.waiting = append(ho.waiting, waiter{r.URL, c})
	ho.mu.Unlock()
	// Deferred, so that a panic does not leave c here to be reused.
	defer ho.leave(c)
	h.ServeHTTP(w, r)
}

func (ho *handoff) leave(c *Context) {
	ho.mu.Lock()
	for i, wt := range ho.waiting {
		if wt.c == c {
			last := len(ho.waiting) - 1
			ho.waiting[i] = ho.waiting[last]
			ho.waiting[last] = waiter{}
			ho.waiting = ho.waiting[:last]
			break
		}
	}
	ho.mu.Unlock()
}

// fill gives a fresh Context the route and parameters of its request, if
// the middleware runs after routing, and a copy of the values of the
// Context waiting with its URL, if any. The copy is made under the lock,
// because that Context's request may end as soon as the lock is released
// (http.TimeoutHandler runs the handler in a goroutine of its own, which
// may start after it gave up).
func (ho *handoff) fill(c *Context) {
	if ho.routed {
		c.app.reroute(c)
	}
	ho.mu.Lock()
	for _, wt := range ho.waiting {
		if wt.url == c.req.URL {
			c.values = maps.Clone(wt.c.values)
			break
		}
	}
	ho.mu.Unlock()
}

// reroute gives c the route and parameters that dispatch gave the Context
// c stands in for, by looking its request up again.
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
