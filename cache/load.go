package cache

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// GetOrLoadT returns the value stored under key in r as a T or, on a miss,
// calls load and stores its value with tags for the region's TTL.
//
// Concurrent misses of one key in this process run load once; the other
// callers wait for its result (or for their own context to end). With a
// LockTTL on a Redis region, misses in other processes wait too.
// If load returns ErrNotFound (or wraps it) and the region has a
// NegativeTTL, that is cached, and lookups return ErrNotFound without
// calling load until it expires. Other errors are returned, not cached.
//
// An entry that does not decode into a T counts as a miss and is
// replaced. If the backend fails, a region that fails open logs, calls
// load and returns its value; one that fails closed returns the error.
// A load that overlaps a Delete, InvalidateTags or Clear of the region in
// this process returns its value without storing it, since the value may
// predate the invalidation.
//
// For one key, every loader should compute the same value: a caller may
// get the result of another caller's loader. A panic in load is passed
// on to the caller that ran it; the waiting callers get an error.
func GetOrLoadT[T any](ctx context.Context, r *Region, key string, load func(context.Context) (T, error), tags ...string) (T, error) {
	v, found, err := lookup[T](ctx, r, key)
	if found || (err != nil && !isDecodeError(err)) {
		return v, err
	}
	return loadT(ctx, r, key, load, tags)
}

func loadT[T any](ctx context.Context, r *Region, key string, load func(context.Context) (T, error), tags []string) (T, error) {
	res, err := r.flight.do(ctx, key, func(ctx context.Context) (any, error) {
		// A flight that ended just before this one began may have stored
		// the value.
		if v, found, err := lookup[T](ctx, r, key); found || (err != nil && !isDecodeError(err)) {
			return v, err
		}
		if locker, ok := r.backend.(Locker); ok && r.opts.LockTTL > 0 {
			return lockedLoad(ctx, r, locker, key, load, tags)
		}
		return loadAndStore(ctx, r, key, load, tags)
	})
	v, ok := res.(T)
	if err == nil && !ok && res != nil {
		err = fmt.Errorf("cache: region %q: key %q was loaded as %T by another caller, not %T", r.name, key, res, v)
	}
	return v, err
}

// loadAndStore calls load and stores what it returns.
func loadAndStore[T any](ctx context.Context, r *Region, key string, load func(context.Context) (T, error), tags []string) (any, error) {
	gen := r.invalidations.Load()
	v, err := load(ctx)
	stale := r.invalidations.Load() != gen
	switch {
	case errors.Is(err, ErrNotFound) && r.opts.NegativeTTL > 0 && !stale:
		ferr := r.failed(ctx, "set", key, r.backend.Set(ctx, key, Entry{Missing: true}, r.opts.NegativeTTL, tags))
		if ferr != nil {
			return nil, ferr
		}
		return nil, err
	case err != nil:
		return nil, err
	case stale:
		return v, nil
	}
	if err := r.Set(ctx, key, v, tags...); err != nil {
		return nil, err
	}
	return v, nil
}

// lockedLoad runs load while holding the backend's lock for key. If
// another process holds it, lockedLoad polls the backend until the value
// appears, or takes the lock once it is released or expires. Having taken
// the lock, it looks once more, since the previous holder stores its
// value before it unlocks.
func lockedLoad[T any](ctx context.Context, r *Region, locker Locker, key string, load func(context.Context) (T, error), tags []string) (any, error) {
	poll := min(max(r.opts.LockTTL/20, 5*time.Millisecond), 100*time.Millisecond)
	for {
		unlock, ok, err := locker.TryLock(ctx, key, r.opts.LockTTL)
		if err != nil {
			if ferr := r.failed(ctx, "lock", key, err); ferr != nil {
				return nil, ferr
			}
			return loadAndStore(ctx, r, key, load, tags)
		}
		if ok {
			defer unlock()
			// The holder before us may have stored the value between our
			// last lookup and its unlock.
			if v, found, err := lookup[T](ctx, r, key); found || (err != nil && !isDecodeError(err)) {
				return v, err
			}
			return loadAndStore(ctx, r, key, load, tags)
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		if v, found, err := lookup[T](ctx, r, key); found || (err != nil && !isDecodeError(err)) {
			return v, err
		}
	}
}

func isDecodeError(err error) bool {
	var de *DecodeError
	return errors.As(err, &de)
}
