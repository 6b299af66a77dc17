package ratelimit_test

import (
	"context"
	"crypto/rand"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/pylonweb/pylon/ratelimit"
)

// redisStore returns a RedisStore with a fresh key prefix on the Redis at
// PYLON_TEST_REDIS_URL, or skips the test.
func redisStore(t *testing.T) (*ratelimit.RedisStore, *redis.Client, string) {
	t.Helper()
	url := os.Getenv("PYLON_TEST_REDIS_URL")
	if url == "" {
		t.Skip("set PYLON_TEST_REDIS_URL (such as redis://127.0.0.1:6379/0) to run the Redis tests")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("PYLON_TEST_REDIS_URL: %v", err)
	}
	client := redis.NewClient(opts)
	t.Cleanup(func() { client.Close() })
	prefix := "pylon:test:ratelimit:" + rand.Text() + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		keys, _ := client.Keys(ctx, prefix+"*").Result()
		if len(keys) > 0 {
			client.Del(ctx, keys...)
		}
	})
	return ratelimit.NewRedisStore(client, ratelimit.RedisConfig{Prefix: prefix}), client, prefix
}

func TestRedisStore(t *testing.T) {
	s, client, prefix := redisStore(t)
	r := ratelimit.Rate{Requests: 1, Period: time.Hour, Burst: 3}
	for i := range 3 {
		res := allow(t, s, "a", r)
		if !res.Allowed || res.Limit != 3 || res.Remaining != 2-i || res.RetryAfter != 0 {
			t.Fatalf("request %d: %+v", i, res)
		}
		// The server's clock moves between calls, so allow a little slack.
		if want := time.Duration(i+1) * time.Hour; res.ResetAfter > want || res.ResetAfter < want-time.Minute {
			t.Fatalf("request %d: ResetAfter %v, want about %v", i, res.ResetAfter, want)
		}
	}
	res := allow(t, s, "a", r)
	if res.Allowed || res.Remaining != 0 || res.RetryAfter > time.Hour || res.RetryAfter < time.Hour-time.Minute {
		t.Fatalf("over the limit: %+v", res)
	}
	if res := allow(t, s, "b", r); !res.Allowed {
		t.Fatal("another key shares the bucket")
	}

	// Move the bucket's theoretical arrival time back one interval: one
	// token refills, without waiting an hour.
	keys, err := client.Keys(context.Background(), prefix+"*:a").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys %q, %v", keys, err)
	}
	client.DecrBy(context.Background(), keys[0], time.Hour.Microseconds())
	if res := allow(t, s, "a", r); !res.Allowed {
		t.Fatalf("after one refill: %+v", res)
	}
	if res := allow(t, s, "a", r); res.Allowed {
		t.Fatalf("the refill was used twice: %+v", res)
	}

	ttl, err := client.PTTL(context.Background(), keys[0]).Result()
	if err != nil || ttl <= 0 || ttl > 3*time.Hour {
		t.Errorf("the key should expire when the bucket is full: TTL %v, %v", ttl, err)
	}
}

func TestRedisStoreConcurrent(t *testing.T) {
	s, _, _ := redisStore(t)
	testConcurrent(t, s)
}

func TestRedisStoreError(t *testing.T) {
	// A client for a port where nothing listens: the outage case.
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: time.Second})
	defer client.Close()
	s := ratelimit.NewRedisStore(client, ratelimit.RedisConfig{})
	if _, err := s.Allow(context.Background(), "k", ratelimit.PerSecond(1)); err == nil {
		t.Fatal("no error from an unreachable Redis")
	}
}
