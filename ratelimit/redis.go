package ratelimit

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisConfig configures [NewRedisStore].
type RedisConfig struct {
	// Prefix starts every key the store writes.
	// If not set, "pylon:ratelimit:".
	Prefix string
}

// RedisStore is a [Store] in Redis, shared by every instance that uses the
// same Redis and prefix. Each bucket is one key holding its theoretical
// arrival time (the generic cell rate algorithm), read and written by one
// Lua script, so concurrent requests from many instances are counted
// exactly; times come from the Redis server's clock, so the instances'
// clocks need not agree. A key expires when its bucket is full again.
// It is safe for concurrent use.
type RedisStore struct {
	client redis.Scripter
	prefix string
}

// NewRedisStore returns a RedisStore on client: a *redis.Client, a
// *redis.ClusterClient (every key is one bucket, so no cross-slot
// scripts), or any redis.UniversalClient. The store does not close the
// client.
func NewRedisStore(client redis.Scripter, cfg RedisConfig) *RedisStore {
	prefix := cfg.Prefix
	if prefix == "" {
		prefix = "pylon:ratelimit:"
	}
	return &RedisStore{client: client, prefix: prefix}
}

// gcra takes KEYS[1], the bucket; ARGV[1], the emission interval in
// microseconds; ARGV[2], the burst. It returns {allowed, remaining,
// retry_after, reset_after}, the durations in microseconds.
var gcra = redis.NewScript(`
-- Redis 5 and 6 need this before a write that follows TIME; 7 ignores it.
if redis.replicate_commands then redis.replicate_commands() end
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - burst * interval
if now < allow_at then
  return {0, 0, allow_at - now, tat - now}
end
redis.call('SET', KEYS[1], new_tat, 'PX', math.max(1, math.ceil((new_tat - now) / 1000)))
return {1, math.floor((now - allow_at) / interval), 0, new_tat - now}
`)

// Allow takes a token from the bucket of key for r, in one round trip.
func (s *RedisStore) Allow(ctx context.Context, key string, r Rate) (Result, error) {
	burst := r.burst()
	interval := max(1, r.interval().Microseconds())
	k := s.prefix + strconv.Itoa(r.Requests) + "/" + strconv.FormatInt(int64(r.Period), 10) + "/" + strconv.Itoa(burst) + ":" + key
	vals, err := gcra.Run(ctx, s.client, []string{k}, interval, burst).Int64Slice()
	if err != nil {
		return Result{}, fmt.Errorf("ratelimit: redis: %w", err)
	}
	if len(vals) != 4 {
		return Result{}, fmt.Errorf("ratelimit: redis: script returned %d values, want 4", len(vals))
	}
	return Result{
		Allowed:    vals[0] == 1,
		Limit:      burst,
		Remaining:  int(vals[1]),
		RetryAfter: time.Duration(vals[2]) * time.Microsecond,
		ResetAfter: time.Duration(vals[3]) * time.Microsecond,
	}, nil
}
