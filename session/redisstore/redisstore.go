// Package redisstore keeps sessions in Redis through
// github.com/redis/go-redis/v9, the Redis client Pylon uses everywhere, so
// that an application has one client, one pool and one set of settings.
// It implements scs's Store, CtxStore and IterableCtxStore interfaces, and
// session.UpdateStore.
//
//	st, err := redisstore.Open(ctx, "redis://127.0.0.1:6379/0", redisstore.Options{})
//	if err != nil { ... }
//	defer st.Close()
//
// Each session is one string key, prefix+token, that Redis expires by
// itself, so the store needs no cleanup goroutine.
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Options configures a Store. The zero value is valid.
type Options struct {
	// Prefix begins every key the store writes, so that several
	// applications or tests can share a Redis database. If not set,
	// "session:".
	Prefix string
}

// Store is a session store in Redis. Its methods may be called
// concurrently.
type Store struct {
	client    redis.UniversalClient
	prefix    string
	ownClient bool // Open created client, so Close closes it
}

// New returns a Store that uses client. The caller keeps ownership of
// client: Close does not close it.
func New(client redis.UniversalClient, opts Options) *Store {
	prefix := opts.Prefix
	if prefix == "" {
		prefix = "session:"
	}
	return &Store{client: client, prefix: prefix}
}

// Open connects to the Redis server at rawURL (redis://[:password@]host:port/db,
// or rediss:// for TLS), checks that it answers and returns a Store that
// owns the client: Close closes it.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	ropts, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redisstore: %s: %w", redact(rawURL), err)
	}
	client := redis.NewClient(ropts)
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("redisstore: connect to %s: %w", redact(rawURL), err)
	}
	s := New(client, opts)
	s.ownClient = true
	return s, nil
}

// Client returns the store's Redis client.
func (s *Store) Client() redis.UniversalClient { return s.client }

// Prefix returns the prefix of the store's keys.
func (s *Store) Prefix() string { return s.prefix }

// Close closes the client if Open created it.
func (s *Store) Close() error {
	if s.ownClient {
		return s.client.Close()
	}
	return nil
}

// FindCtx returns the data of an unexpired session. A missing token is not
// an error: found is false.
func (s *Store) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	b, err := s.client.Get(ctx, s.prefix+token).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

// CommitCtx writes the session's data with a TTL that ends at expiry. An
// expiry in the past deletes the session.
func (s *Store) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	ttl, live := ttlUntil(expiry)
	if !live {
		return s.DeleteCtx(ctx, token)
	}
	return s.client.Set(ctx, s.prefix+token, b, ttl).Err()
}

// ttlUntil returns the Redis TTL that ends at expiry, or false if expiry
// has passed. Redis counts in milliseconds: it rounds up, so that a TTL
// is never zero.
func ttlUntil(expiry time.Time) (time.Duration, bool) {
	ttl := time.Until(expiry)
	if ttl <= 0 {
		return 0, false
	}
	return (ttl + time.Millisecond - 1).Truncate(time.Millisecond), true
}

// UpdateCtx saves b and expiry under token only if Redis holds the
// session's key, and reports whether it did: SET ... XX, or PEXPIRE for a
// nil b, which keeps the stored data. Both are one atomic command, so a
// request that loaded a session before a concurrent logout or Renew
// deleted it cannot write it back (see session.UpdateStore). An expiry in
// the past deletes the session.
func (s *Store) UpdateCtx(ctx context.Context, token string, b []byte, expiry time.Time) (bool, error) {
	ttl, live := ttlUntil(expiry)
	if !live {
		return false, s.DeleteCtx(ctx, token)
	}
	if b == nil {
		return s.client.PExpire(ctx, s.prefix+token, ttl).Result()
	}
	err := s.client.SetArgs(ctx, s.prefix+token, b, redis.SetArgs{Mode: "XX", TTL: ttl}).Err()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	return err == nil, err
}

// DeleteCtx deletes the session; a missing token is not an error.
func (s *Store) DeleteCtx(ctx context.Context, token string) error {
	return s.client.Del(ctx, s.prefix+token).Err()
}

// AllCtx returns every unexpired session's data by token. It scans the
// keys with the store's prefix, so it is meant for administration, not
// for every request.
func (s *Store) AllCtx(ctx context.Context) (map[string][]byte, error) {
	all := make(map[string][]byte)
	iter := s.client.Scan(ctx, 0, escapeGlob(s.prefix)+"*", 100).Iterator()
	for iter.Next(ctx) {
		key := iter.Val()
		b, err := s.client.Get(ctx, key).Bytes()
		if errors.Is(err, redis.Nil) {
			continue // expired between SCAN and GET
		}
		if err != nil {
			return nil, err
		}
		all[strings.TrimPrefix(key, s.prefix)] = b
	}
	return all, iter.Err()
}

// Find is FindCtx with a background context.
func (s *Store) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx with a background context.
func (s *Store) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// DeleteExistingCtx deletes the session and reports whether Redis held it,
// by DEL's count; Redis has already dropped an expired key. The session
// package uses it when Renew deletes the token a request loaded, to learn
// whether a concurrent logout or Renew ended the session first (see
// session.UpdateStore).
func (s *Store) DeleteExistingCtx(ctx context.Context, token string) (bool, error) {
	n, err := s.client.Del(ctx, s.prefix+token).Result()
	return n > 0, err
}

// Delete is DeleteCtx with a background context.
func (s *Store) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// All is AllCtx with a background context.
func (s *Store) All() (map[string][]byte, error) {
	return s.AllCtx(context.Background())
}

// escapeGlob escapes the characters SCAN's MATCH pattern treats specially.
func escapeGlob(s string) string {
	return strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`, `]`, `\]`).Replace(s)
}

// redact hides a URL's password, for messages.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL
	}
	return u.Redacted()
}
