package cache

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

// RegionOptions configures a Region made with NewRegion. The zero value
// is a region whose entries never expire, encoded as JSON when the backend
// stores bytes, and that fails open.
type RegionOptions struct {
	// TTL is how long an entry lives after it is written.
	// If not set, entries do not expire; a memory backend still evicts
	// them when it is full.
	TTL time.Duration

	// NegativeTTL is how long a loader's ErrNotFound is remembered, so
	// that lookups of a missing thing do not reach the loader every time.
	// If not set, ErrNotFound is returned but not cached.
	NegativeTTL time.Duration

	// Codec encodes values for a backend that stores bytes (Redis).
	// If not set, JSON. A memory backend never encodes.
	Codec Codec

	// FailClosed makes a backend error (Redis down) an error for the
	// caller. If not set (false), the region fails open: the error is
	// logged, a read counts as a miss so GetOrLoad calls the loader, and a
	// Set is skipped. Delete, InvalidateTags and Clear return their errors
	// either way, since a lost invalidation would leave stale entries
	// behind once the backend is back.
	FailClosed bool

	// LockTTL, when positive and the backend is a Locker (Redis), makes
	// GetOrLoad take a lock in the backend around the loader, so that
	// concurrent misses of one key in several processes run it once; the
	// others poll the backend until the value appears or the lock
	// expires after LockTTL. Set it longer than the slowest load.
	// If not set, stampede protection is per process: each process runs
	// the loader at most once per key at a time.
	LockTTL time.Duration

	// Logger receives the failure log lines of a region that fails open.
	// If not set, slog.Default().
	Logger *slog.Logger
}

// Region is a named cache with its own TTL, negative caching, encoding and
// failure policy on top of a Backend, like a Beaker cache region
// ("short_term", "long_term").
//
// Its methods may be called concurrently. The untyped methods work with
// T = any: on a backend that stores bytes a value comes back as its Codec
// decodes it into an interface (maps and float64s for JSON); use GetT,
// GetOrLoadT or Typed to get a T back.
type Region struct {
	name    string
	backend Backend
	encodes bool
	opts    RegionOptions
	flight  flight
	// invalidations counts this process's Delete, InvalidateTags and Clear
	// calls, so that a load that overlapped one does not store a value
	// that may predate it.
	invalidations atomic.Uint64
	logs          logLimiter
}

// NewRegion returns a region named name over backend b. The region does
// not own b: close b when done.
func NewRegion(name string, b Backend, opts RegionOptions) *Region {
	if opts.Codec == nil {
		opts.Codec = JSON
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Region{name: name, backend: b, encodes: b.EncodesValues(), opts: opts}
}

// Name returns the region's name.
func (r *Region) Name() string { return r.name }

// Backend returns the region's backend.
func (r *Region) Backend() Backend { return r.backend }

// TTL returns the region's TTL; zero means entries do not expire.
func (r *Region) TTL() time.Duration { return r.opts.TTL }

// Get returns the value stored under key: ErrMiss if there is none,
// ErrNotFound if a negative entry is cached.
func (r *Region) Get(ctx context.Context, key string) (any, error) {
	return GetT[any](ctx, r, key)
}

// GetOrLoad returns the value stored under key, or calls load, stores its
// value with tags for the region's TTL and returns it. See GetOrLoadT.
func (r *Region) GetOrLoad(ctx context.Context, key string, load func(context.Context) (any, error), tags ...string) (any, error) {
	return GetOrLoadT(ctx, r, key, load, tags...)
}

// Set stores v under key for the region's TTL, with tags for
// InvalidateTags.
func (r *Region) Set(ctx context.Context, key string, v any, tags ...string) error {
	return r.SetWithTTL(ctx, key, v, 0, tags...)
}

// SetWithTTL is Set with a TTL of its own; if ttl is not positive, the
// region's TTL.
func (r *Region) SetWithTTL(ctx context.Context, key string, v any, ttl time.Duration, tags ...string) error {
	if ttl <= 0 {
		ttl = r.opts.TTL
	}
	e := Entry{Value: v}
	if r.encodes {
		data, err := r.opts.Codec.Marshal(v)
		if err != nil {
			return fmt.Errorf("cache: region %q: encode %q: %w", r.name, key, err)
		}
		e = Entry{Data: data}
	}
	return r.failed(ctx, "set", key, r.backend.Set(ctx, key, e, ttl, tags))
}

// Delete removes the entries stored under keys.
func (r *Region) Delete(ctx context.Context, keys ...string) error {
	r.invalidations.Add(1)
	return r.wrap("delete", r.backend.Delete(ctx, keys...))
}

// InvalidateTags removes every entry stored with one of tags.
func (r *Region) InvalidateTags(ctx context.Context, tags ...string) error {
	r.invalidations.Add(1)
	return r.wrap("invalidate tags", r.backend.DeleteTags(ctx, tags...))
}

// Clear removes every entry of the region.
func (r *Region) Clear(ctx context.Context) error {
	r.invalidations.Add(1)
	return r.wrap("clear", r.backend.Clear(ctx))
}

func (r *Region) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("cache: region %q: %s: %w", r.name, op, err)
}
