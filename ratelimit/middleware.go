package ratelimit

import (
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Config configures [Middleware]. Rate and Store are required.
type Config struct {
	// Rate is the limit for each key.
	Rate Rate

	// Store holds the buckets: a [MemoryStore] for one instance, a
	// [RedisStore] for several.
	Store Store

	// Key returns the bucket a request counts against, such as a user ID
	// or an API key. An empty key exempts the request from the limit.
	// If not set, [KeyByIP].
	Key func(*http.Request) string

	// FailClosed refuses requests with 503 Service Unavailable when the
	// store fails, for limits that guard something expensive or abusable
	// (a login form, a mail sender).
	// If not set, requests pass when the store fails (fail open), so that
	// a Redis outage does not take the site down; the error is logged.
	FailClosed bool

	// Logger receives store errors, at most one record every ten seconds.
	// If not set, slog.Default().
	Logger *slog.Logger

	// LimitedHandler answers a request over the limit, after the
	// RateLimit-* and Retry-After headers are set; its status should be
	// 429.
	// If not set, 429 Too Many Requests with a plain-text body.
	LimitedHandler http.Handler
}

// Middleware returns middleware that takes a token from the request's
// bucket before calling the next handler. Every response gets
// RateLimit-Limit (the burst), RateLimit-Remaining and RateLimit-Reset
// (seconds until the bucket is full, rounded up). A request over the limit
// also gets Retry-After (seconds until a request is allowed, rounded up)
// and 429 Too Many Requests, and does not reach the next handler.
//
// Middleware panics if cfg.Rate is invalid or cfg.Store is nil.
func Middleware(cfg Config) func(http.Handler) http.Handler {
	if !cfg.Rate.valid() {
		panic("ratelimit: Rate needs Requests and Period above zero, and a Burst of zero or more")
	}
	if cfg.Store == nil {
		panic("ratelimit: Config.Store is nil; use NewMemoryStore or NewRedisStore")
	}
	if cfg.Key == nil {
		cfg.Key = KeyByIP
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	errLog := &throttledLog{logger: logger}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key := cfg.Key(r)
			if key == "" {
				next.ServeHTTP(w, r)
				return
			}
			res, err := cfg.Store.Allow(r.Context(), key, cfg.Rate)
			if err != nil {
				errLog.log(r, err, cfg.FailClosed)
				if cfg.FailClosed {
					http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
					return
				}
				next.ServeHTTP(w, r)
				return
			}
			h := w.Header()
			h.Set("RateLimit-Limit", strconv.Itoa(res.Limit))
			h.Set("RateLimit-Remaining", strconv.Itoa(res.Remaining))
			h.Set("RateLimit-Reset", strconv.FormatInt(ceilSeconds(res.ResetAfter), 10))
			if res.Allowed {
				next.ServeHTTP(w, r)
				return
			}
			h.Set("Retry-After", strconv.FormatInt(max(1, ceilSeconds(res.RetryAfter)), 10))
			if cfg.LimitedHandler != nil {
				cfg.LimitedHandler.ServeHTTP(w, r)
				return
			}
			http.Error(w, http.StatusText(http.StatusTooManyRequests), http.StatusTooManyRequests)
		})
	}
}

func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}

// throttledLog logs store errors at most once every ten seconds, so that
// an outage does not flood the log with one record per request.
type throttledLog struct {
	logger *slog.Logger
	last   atomic.Int64 // Unix nanoseconds of the last record
}

func (l *throttledLog) log(r *http.Request, err error, failClosed bool) {
	now := time.Now().UnixNano()
	last := l.last.Load()
	if last != 0 && now-last < int64(10*time.Second) || !l.last.CompareAndSwap(last, now) {
		return
	}
	action := "letting requests through"
	if failClosed {
		action = "refusing requests"
	}
	l.logger.LogAttrs(r.Context(), slog.LevelError, "rate limit store failed; "+action,
		slog.String("error", err.Error()), slog.String("path", r.URL.Path))
}
