package pylon

import (
	"net/http"

	"github.com/pylonweb/pylon/internal/recorder"
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
// Context of its own (fresh is true), which the caller releases.
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
