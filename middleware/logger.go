package middleware

import (
	"log/slog"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"
)

// LoggerConfig configures [LoggerWithConfig].
type LoggerConfig struct {
	// Logger receives one record per request.
	// If not set, slog.Default() at the time each request completes.
	Logger *slog.Logger

	// Message is the record's message.
	// If not set, "request".
	Message string

	// Skip reports whether a request should not be logged, for example
	// health checks. It runs before the handler, so it cannot see the route.
	// If not set, every request is logged.
	Skip func(r *http.Request) bool
}

// Logger is middleware that logs one structured record per request to l after
// the handler returns. The record has the attributes method, path, route (the
// pattern the router matched, from r.Pattern), status, bytes (body bytes
// written), duration, request_id and remote_addr. Its level follows the
// status: Error for 5xx, Warn for 4xx, Info otherwise. A nil l means
// slog.Default().
//
// Logger checks that l is enabled for the level before building the record,
// so a disabled level costs no allocation. A request whose handler panics
// past Logger is logged at level Error with aborted=true and the status
// written so far (200 if none): that is how a Pylon App cuts off a response that failed
// after it started (http.ErrAbortHandler). Put [Recover] after Logger so
// that other panics become a 500 that is logged as such.
func Logger(l *slog.Logger) func(http.Handler) http.Handler {
	return LoggerWithConfig(LoggerConfig{Logger: l})
}

// LoggerWithConfig returns [Logger] middleware configured by cfg.
func LoggerWithConfig(cfg LoggerConfig) func(http.Handler) http.Handler {
	if cfg.Message == "" {
		cfg.Message = "request"
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if cfg.Skip != nil && cfg.Skip(r) {
				next.ServeHTTP(w, r)
				return
			}
			start := time.Now()
			rw, out, owned := wrapResponseWriter(w)
			returned := false
			defer func() {
				if !returned {
					// A panic on its way up: most often the App
					// aborting a response that failed after it
					// started (http.ErrAbortHandler). Log the request
					// all the same; the writer is not reused.
					logRequest(cfg, r, rw.Status(), rw.Size, start, true)
				}
			}()
			next.ServeHTTP(out, r)
			returned = true
			status, bytes := rw.Status(), rw.Size
			if owned {
				release(rw)
			}
			logRequest(cfg, r, status, bytes, start, false)
		})
	}
}

// logPC is the program counter the records carry (for handlers with
// AddSource): a call site inside logRequest, found once. slog.Logger.LogAttrs
// would walk the stack with runtime.Callers for every record to find the
// same place.
var logPC atomic.Uintptr

func sourcePC() uintptr {
	if pc := logPC.Load(); pc != 0 {
		return pc
	}
	var pcs [1]uintptr
	runtime.Callers(2, pcs[:]) // skip runtime.Callers and sourcePC: the caller, logRequest
	logPC.Store(pcs[0])
	return pcs[0]
}

// logRequest builds the record as slog.Logger.LogAttrs would and hands it to
// the logger's handler, with two savings: the record's time is the instant
// that ends the duration (one clock read, not two), and the source PC is
// found once rather than per request.
func logRequest(cfg LoggerConfig, r *http.Request, status int, bytes int64, start time.Time, aborted bool) {
	l := cfg.Logger
	if l == nil {
		l = slog.Default()
	}
	level := levelForStatus(status)
	if aborted {
		level = slog.LevelError // the client got a cut-off response
	}
	ctx := r.Context()
	if !l.Enabled(ctx, level) {
		return
	}
	end := time.Now()
	// The header key is canonical, so index the map rather than pay for
	// Header.Get's validation (this is what GetRequestID returns).
	var id string
	if v := r.Header[RequestIDHeader]; len(v) > 0 {
		id = v[0]
	}
	// r.Pattern is read only now: the router sets it on this same request
	// while it serves it.
	rec := slog.NewRecord(end, level, cfg.Message, sourcePC())
	rec.AddAttrs(
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("route", r.Pattern),
		slog.Int("status", status),
		slog.Int64("bytes", bytes),
		slog.Duration("duration", end.Sub(start)),
		slog.String("request_id", id),
		slog.String("remote_addr", r.RemoteAddr),
	)
	if aborted {
		rec.AddAttrs(slog.Bool("aborted", true))
	}
	_ = l.Handler().Handle(ctx, rec)
}

func levelForStatus(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	default:
		return slog.LevelInfo
	}
}
