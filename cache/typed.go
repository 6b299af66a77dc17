package cache

import (
	"context"
	"time"
)

// Typed is a view of a Region whose values are Ts, so that callers need
// no type assertions:
//
//	users := cache.Typed[User]{Region: c.Region("long_term")}
//	u, err := users.GetOrLoad(ctx, "user:42", loadUser)
//
// Region must be set. A Typed is a value; copy it freely. Its methods may
// be called concurrently.
type Typed[T any] struct {
	// Region is where the values live. Required.
	Region *Region
}

// Get returns the T stored under key. See GetT.
func (t Typed[T]) Get(ctx context.Context, key string) (T, error) {
	return GetT[T](ctx, t.Region, key)
}

// GetOrLoad returns the T stored under key, or loads and stores it. See
// GetOrLoadT.
func (t Typed[T]) GetOrLoad(ctx context.Context, key string, load func(context.Context) (T, error), tags ...string) (T, error) {
	return GetOrLoadT(ctx, t.Region, key, load, tags...)
}

// Set stores v under key for the region's TTL, with tags.
func (t Typed[T]) Set(ctx context.Context, key string, v T, tags ...string) error {
	return t.Region.SetWithTTL(ctx, key, v, 0, tags...)
}

// SetWithTTL stores v under key for ttl, with tags.
func (t Typed[T]) SetWithTTL(ctx context.Context, key string, v T, ttl time.Duration, tags ...string) error {
	return t.Region.SetWithTTL(ctx, key, v, ttl, tags...)
}

// Delete removes the entries stored under keys.
func (t Typed[T]) Delete(ctx context.Context, keys ...string) error {
	return t.Region.Delete(ctx, keys...)
}
