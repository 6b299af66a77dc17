package middleware

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// TimeoutConfig configures [TimeoutWithConfig].
type TimeoutConfig struct {
	// Timeout is how long the handler has, from when the middleware is
	// reached, before the request's context is done.
	// It must be set; TimeoutWithConfig panics if it is not positive.
	Timeout time.Duration

	// Status is the status sent when the deadline passed and the handler
	// wrote nothing.
	// If not set, 503 Service Unavailable.
	Status int

	// Message is the plain-text body sent with Status.
	// If not set, "Request timed out".
	Message string
}

// Timeout is middleware that gives the request's context a deadline d from
// now. If the handler returns after the deadline has passed and has written
// nothing, Timeout replies 503 with the plain text "Request timed out".
//
// Unlike [http.TimeoutHandler], Timeout runs the handler in the calling
// goroutine and never writes from another one, so it does not buffer the
// response and the handler keeps Flush, Hijack and the rest. The price is
// that it cannot stop a handler: handlers must watch r.Context(), pass it to
// the database, HTTP clients and tasks they start, and return when it is
// done. A handler that ignores it runs to completion, and its response, if it
// writes one, is sent.
func Timeout(d time.Duration) func(http.Handler) http.Handler {
	return TimeoutWithConfig(TimeoutConfig{Timeout: d})
}

// TimeoutWithConfig returns [Timeout] middleware configured by cfg.
func TimeoutWithConfig(cfg TimeoutConfig) func(http.Handler) http.Handler {
	if cfg.Timeout <= 0 {
		panic("middleware: Timeout needs a positive duration")
	}
	if cfg.Status == 0 {
		cfg.Status = http.StatusServiceUnavailable
	}
	if cfg.Message == "" {
		cfg.Message = "Request timed out"
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), cfg.Timeout)
			defer cancel()
			rw, out, owned := wrapResponseWriter(w)
			if owned {
				defer release(rw)
			}
			r2 := r.WithContext(ctx)
			next.ServeHTTP(out, r2)
			// Outer middleware such as Logger reads the route from the
			// request it holds, not from this copy.
			r.Pattern = r2.Pattern
			if !rw.Written && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				http.Error(rw, cfg.Message, cfg.Status)
			}
		})
	}
}
