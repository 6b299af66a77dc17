package cache

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultRedisPrefix starts the Redis keys of a region whose prefix is
// not set.
const DefaultRedisPrefix = "pylon:cache:"

// RedisConfig configures a [Redis] backend.
type RedisConfig struct {
	// Client is the go-redis client to use; the backend does not close
	// it. Tag invalidation runs a Lua script over keys it finds in a set,
	// so the client must talk to one Redis server (or a primary with
	// replicas), not a cluster. Required.
	Client redis.UniversalClient

	// Prefix starts every key the backend writes: entries are
	// Prefix+"k:"+key, tag sets Prefix+"t:"+tag, locks Prefix+"l:"+key.
	// Give each region its own prefix. If not set, DefaultRedisPrefix.
	Prefix string
}

// Redis is a Backend that keeps entries in Redis, so that every process
// using the same server and prefix shares them. Values are stored encoded
// by the region's Codec after one format byte; expiry is Redis's own (PX);
// each tag is a Redis set of keys. The Size of a region does not apply:
// Redis's maxmemory policy bounds memory.
//
// Its methods may be called concurrently.
type Redis struct {
	client redis.UniversalClient
	prefix string
}

// The format byte before a stored value.
const (
	formatValue   = 'v'
	formatMissing = 'n'
)

// NewRedis returns a Redis backend. It panics if cfg.Client is nil.
func NewRedis(cfg RedisConfig) *Redis {
	if cfg.Client == nil {
		panic("cache.NewRedis: RedisConfig.Client is nil")
	}
	prefix := cfg.Prefix
	if prefix == "" {
		prefix = DefaultRedisPrefix
	}
	return &Redis{client: cfg.Client, prefix: prefix}
}

func (r *Redis) key(k string) string  { return r.prefix + "k:" + k }
func (r *Redis) tag(t string) string  { return r.prefix + "t:" + t }
func (r *Redis) lock(k string) string { return r.prefix + "l:" + k }

// Get returns the entry stored under key.
func (r *Redis) Get(ctx context.Context, key string) (Entry, bool, error) {
	b, err := r.client.Get(ctx, r.key(key)).Bytes()
	if errors.Is(err, redis.Nil) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, err
	}
	if len(b) == 0 {
		return Entry{}, false, errors.New("cache: redis entry " + key + " has no format byte")
	}
	switch b[0] {
	case formatMissing:
		return Entry{Missing: true}, true, nil
	case formatValue:
		return Entry{Data: b[1:]}, true, nil
	}
	return Entry{}, false, errors.New("cache: redis entry " + key + " has an unknown format byte")
}

// Set stores e.Data under key for ttl and adds key to the set of each
// tag, whose expiry it extends to cover the entry's.
func (r *Redis) Set(ctx context.Context, key string, e Entry, ttl time.Duration, tags []string) error {
	val := make([]byte, 0, 1+len(e.Data))
	if e.Missing {
		val = append(val, formatMissing)
	} else {
		val = append(append(val, formatValue), e.Data...)
	}
	if ttl < 0 {
		ttl = 0
	}
	if len(tags) == 0 {
		return r.client.Set(ctx, r.key(key), val, ttl).Err()
	}
	keys := make([]string, 0, 1+len(tags))
	keys = append(keys, r.key(key))
	for _, t := range tags {
		keys = append(keys, r.tag(t))
	}
	return setTaggedScript.Run(ctx, r.client, keys, val, ttl.Milliseconds()).Err()
}

// Delete removes the entries stored under keys.
func (r *Redis) Delete(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = r.key(k)
	}
	return r.client.Del(ctx, full...).Err()
}

// DeleteTags removes every entry in the sets of tags, and the sets, in one
// atomic script.
func (r *Redis) DeleteTags(ctx context.Context, tags ...string) error {
	if len(tags) == 0 {
		return nil
	}
	keys := make([]string, len(tags))
	for i, t := range tags {
		keys[i] = r.tag(t)
	}
	return deleteTagsScript.Run(ctx, r.client, keys).Err()
}

// Clear removes every key under the backend's prefix, in batches; keys
// written meanwhile may survive.
func (r *Redis) Clear(ctx context.Context) error {
	iter := r.client.Scan(ctx, 0, r.prefix+"*", 500).Iterator()
	var batch []string
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 500 {
			if err := r.client.Unlink(ctx, batch...).Err(); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := iter.Err(); err != nil {
		return err
	}
	if len(batch) > 0 {
		return r.client.Unlink(ctx, batch...).Err()
	}
	return nil
}

// EncodesValues reports true: Redis stores bytes.
func (r *Redis) EncodesValues() bool { return true }

// Close does nothing: the client belongs to whoever made it.
func (r *Redis) Close() error { return nil }
