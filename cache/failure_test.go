package cache_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/cache"
)

// downRegion returns a Redis region whose server is not there.
func downRegion(t *testing.T, failClosed bool, log *logBuffer) *cache.Region {
	t.Helper()
	c, err := cache.New(cache.Config{
		Backend:  "redis",
		RedisURL: closedRedisURL(t),
		Regions:  map[string]cache.RegionConfig{"r": {FailClosed: failClosed}},
		Logger:   log.logger(),
	})
	must(t, err)
	t.Cleanup(func() { c.Close() })
	return c.Region("r")
}

func TestRedisDownFailsOpen(t *testing.T) {
	var log logBuffer
	r := downRegion(t, false, &log)
	ctx := context.Background()
	calls := 0
	v, err := cache.GetOrLoadT(ctx, r, "k", func(context.Context) (string, error) { calls++; return "fresh", nil })
	if err != nil || v != "fresh" || calls != 1 {
		t.Fatalf("GetOrLoadT with Redis down = %q, %v (loader calls %d); want the loader's value", v, err, calls)
	}
	if _, err := r.Get(ctx, "k"); !errors.Is(err, cache.ErrMiss) {
		t.Errorf("Get with Redis down: err = %v, want ErrMiss", err)
	}
	if err := r.Set(ctx, "k", "v"); err != nil {
		t.Errorf("Set with Redis down failing open: %v", err)
	}
	if err := r.Delete(ctx, "k"); err == nil {
		t.Error("Delete with Redis down returned nil; invalidations must report failure")
	}
	if out := log.String(); !strings.Contains(out, "failing open") || !strings.Contains(out, `region=r`) {
		t.Errorf("log = %q, want a failing-open line naming the region", out)
	}
}

func TestRedisDownFailsClosed(t *testing.T) {
	var log logBuffer
	r := downRegion(t, true, &log)
	ctx := context.Background()
	calls := 0
	_, err := cache.GetOrLoadT(ctx, r, "k", func(context.Context) (string, error) { calls++; return "fresh", nil })
	if err == nil || calls != 0 {
		t.Fatalf("GetOrLoadT failing closed: err = %v, loader calls %d; want an error and no call", err, calls)
	}
	if err := r.Set(ctx, "k", "v"); err == nil {
		t.Error("Set failing closed returned nil")
	}
}

func TestRedisLockDownFailsOpen(t *testing.T) {
	var log logBuffer
	c, err := cache.New(cache.Config{
		Backend:  "redis",
		RedisURL: closedRedisURL(t),
		Regions:  map[string]cache.RegionConfig{"r": {LockTTL: cache.Duration(1e9)}},
		Logger:   log.logger(),
	})
	must(t, err)
	defer c.Close()
	v, err := cache.GetOrLoadT(context.Background(), c.Region("r"), "k", func(context.Context) (int, error) { return 1, nil })
	if err != nil || v != 1 {
		t.Fatalf("GetOrLoadT = %d, %v", v, err)
	}
}
