package cache_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/cache"
)

func TestMemoryTTL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		r := newRegion(t, "memory", cache.RegionOptions{TTL: time.Minute, NegativeTTL: 10 * time.Second})
		must(t, r.Set(ctx, "k", "v"))
		must(t, r.SetWithTTL(ctx, "long", "v", time.Hour))
		_, err := cache.GetOrLoadT(ctx, r, "gone", func(context.Context) (string, error) { return "", cache.ErrNotFound })
		if !errors.Is(err, cache.ErrNotFound) {
			t.Fatal(err)
		}

		time.Sleep(9 * time.Second)
		if _, err := r.Get(ctx, "gone"); !errors.Is(err, cache.ErrNotFound) {
			t.Errorf("negative entry before NegativeTTL: err = %v", err)
		}
		time.Sleep(2 * time.Second)
		if _, err := r.Get(ctx, "gone"); !errors.Is(err, cache.ErrMiss) {
			t.Errorf("negative entry after NegativeTTL: err = %v, want ErrMiss", err)
		}

		time.Sleep(48 * time.Second) // 59s in
		if _, err := r.Get(ctx, "k"); err != nil {
			t.Errorf("before TTL: %v", err)
		}
		time.Sleep(2 * time.Second) // 61s in
		if _, err := r.Get(ctx, "k"); !errors.Is(err, cache.ErrMiss) {
			t.Errorf("after TTL: err = %v, want ErrMiss", err)
		}
		if _, err := r.Get(ctx, "long"); err != nil {
			t.Errorf("SetWithTTL(1h) entry after 61s: %v", err)
		}
	})
}

// TestRedisTTL checks that entries and tag sets carry Redis expiries of
// the region's TTL; Redis itself expires them.
func TestRedisTTL(t *testing.T) {
	ctx := context.Background()
	client := redisClient(t)
	prefix := testPrefix()
	b := cache.NewRedis(cache.RedisConfig{Client: client, Prefix: prefix})
	t.Cleanup(func() { b.Clear(context.Background()) })
	r := cache.NewRegion("test", b, cache.RegionOptions{TTL: time.Minute})
	must(t, r.Set(ctx, "k", "v", "tag"))
	must(t, r.SetWithTTL(ctx, "k2", "v", time.Hour, "tag"))
	for key, max := range map[string]time.Duration{
		prefix + "k:k":   time.Minute,
		prefix + "k:k2":  time.Hour,
		prefix + "t:tag": time.Hour,
	} {
		ttl, err := client.PTTL(ctx, key).Result()
		if err != nil || ttl <= 0 || ttl > max {
			t.Errorf("PTTL %s = %v, %v; want in (0, %v]", key, ttl, err, max)
		}
	}
}

func TestMemoryTTLCoarseClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		m := cache.NewMemory(cache.MemoryConfig{ClockResolution: time.Second})
		defer m.Close()
		r := cache.NewRegion("test", m, cache.RegionOptions{TTL: time.Minute})
		must(t, r.Set(ctx, "k", "v"))
		time.Sleep(58 * time.Second)
		if _, err := r.Get(ctx, "k"); err != nil {
			t.Errorf("before TTL: %v", err)
		}
		time.Sleep(4 * time.Second)
		if _, err := r.Get(ctx, "k"); !errors.Is(err, cache.ErrMiss) {
			t.Errorf("after TTL and a resolution: err = %v, want ErrMiss", err)
		}
	})
}
