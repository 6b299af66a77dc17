package middleware

import (
	"log/slog"
	"net/http"
	"runtime/debug"
)

// RecoverConfig configures [RecoverWithConfig].
type RecoverConfig struct {
	// Logger receives the panic, at Error level, with the attributes panic,
	// stack, method, path and request_id.
	// If not set, slog.Default() at the time of the panic.
	Logger *slog.Logger
}

// Recover is middleware that recovers a panic in the handler, logs it with
// its stack to slog.Default(), and, if the handler had not written a response
// yet, replies 500 with the plain text "Internal Server Error". If a
// success or redirect status was written, it can no longer change: Recover
// aborts the response by panicking with [http.ErrAbortHandler], which net/http answers by
// cutting the connection (HTTP/1) or resetting the stream (HTTP/2), so that
// a partial body does not end as if it were complete.
//
// A panic with [http.ErrAbortHandler] is not recovered: net/http uses it to
// abort a response silently, so Recover panics again with it.
func Recover(next http.Handler) http.Handler {
	return RecoverWithConfig(RecoverConfig{})(next)
}

// RecoverWithConfig returns [Recover] middleware configured by cfg.
func RecoverWithConfig(cfg RecoverConfig) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rw, out, owned := wrapResponseWriter(w)
			defer func() {
				abort := false
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					logPanic(cfg.Logger, r, v)
					if !rw.Written {
						http.Error(rw, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
					} else {
						abort = rw.MustAbort()
					}
				}
				if owned {
					release(rw)
				}
				if abort {
					panic(http.ErrAbortHandler)
				}
			}()
			next.ServeHTTP(out, r)
		})
	}
}

func logPanic(l *slog.Logger, r *http.Request, v any) {
	if l == nil {
		l = slog.Default()
	}
	l.LogAttrs(r.Context(), slog.LevelError, "panic recovered",
		slog.Any("panic", v),
		slog.String("stack", string(debug.Stack())),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("request_id", GetRequestID(r)),
	)
}
