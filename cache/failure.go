package cache

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

// failed applies the region's failure policy to a backend error: it
// returns the error if the region fails closed or ctx has ended, and
// otherwise logs it and returns nil.
func (r *Region) failed(ctx context.Context, op, key string, err error) error {
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if r.opts.FailClosed {
		return fmt.Errorf("cache: region %q: %s %q: %w", r.name, op, key, err)
	}
	if suppressed, ok := r.logs.allow(time.Now()); ok {
		r.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "cache: backend failed; failing open",
			slog.String("region", r.name), slog.String("op", op), slog.String("key", key),
			slog.Any("err", err), slog.Uint64("suppressed", suppressed))
	}
	return nil
}

// logLimiter lets one failure line a second through, so that an outage
// does not log once per request; the next line counts those it dropped.
type logLimiter struct {
	next       atomic.Int64
	suppressed atomic.Uint64
}

func (l *logLimiter) allow(now time.Time) (suppressed uint64, ok bool) {
	next := l.next.Load()
	if now.UnixNano() < next || !l.next.CompareAndSwap(next, now.Add(time.Second).UnixNano()) {
		l.suppressed.Add(1)
		return 0, false
	}
	return l.suppressed.Swap(0), true
}
