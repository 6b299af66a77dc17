package middleware

import (
	"log/slog"
	"net/http"
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
// so a disabled level costs no allocation. A request whose handler panics is
// not logged by Logger; put [Recover] after it so the panic becomes a 500
// that is.
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
			rw, owned := wrapResponseWriter(w)
			next.ServeHTTP(rw, r)
			status, bytes := rw.Status(), rw.bytes
			if owned {
				rw.release()
			}
			logRequest(cfg, r, status, bytes, time.Since(start))
		})
	}
}

func logRequest(cfg LoggerConfig, r *http.Request, status int, bytes int64, d time.Duration) {
	l := cfg.Logger
	if l == nil {
		l = slog.Default()
	}
	level := levelForStatus(status)
	ctx := r.Context()
	if !l.Enabled(ctx, level) {
		return
	}
	// r.Pattern is read only now: the router sets it on this same request
	// while it serves it.
	l.LogAttrs(ctx, level, cfg.Message,
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("route", r.Pattern),
		slog.Int("status", status),
		slog.Int64("bytes", bytes),
		slog.Duration("duration", d),
		slog.String("request_id", GetRequestID(r)),
		slog.String("remote_addr", r.RemoteAddr),
	)
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
