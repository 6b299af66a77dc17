package cache_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/pylonweb/pylon/cache"
)

const misses = 1000

// stampede runs misses concurrent GetOrLoad calls of one key on r and
// returns how many times the loader ran. The loader blocks until release
// is closed.
func stampede(t *testing.T, regions []*cache.Region, release <-chan struct{}, started func()) int64 {
	t.Helper()
	var calls atomic.Int64
	load := func(context.Context) (string, error) {
		calls.Add(1)
		<-release
		return "value", nil
	}
	var wg sync.WaitGroup
	for i := range misses {
		r := regions[i%len(regions)]
		wg.Go(func() {
			v, err := cache.GetOrLoadT(context.Background(), r, "hot", load)
			if err != nil || v != "value" {
				t.Errorf("GetOrLoadT = %q, %v", v, err)
			}
		})
	}
	started()
	wg.Wait()
	return calls.Load()
}

func TestStampedeMemory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRegion(t, "memory", cache.RegionOptions{})
		release := make(chan struct{})
		calls := stampede(t, []*cache.Region{r}, release, func() {
			// Every goroutine is now blocked: one in the loader, the others
			// waiting for it.
			synctest.Wait()
			close(release)
		})
		if calls != 1 {
			t.Errorf("%d concurrent misses ran the loader %d times, want 1", misses, calls)
		}
	})
}

func TestStampedeRedis(t *testing.T) {
	r := newRegion(t, "redis", cache.RegionOptions{})
	release := make(chan struct{})
	calls := stampede(t, []*cache.Region{r}, release, func() { close(release) })
	if calls != 1 {
		t.Errorf("%d concurrent misses ran the loader %d times, want 1", misses, calls)
	}
}

// TestStampedeRedisLockAcrossProcesses stands two regions on one Redis
// prefix in for two processes: with a LockTTL, their concurrent misses
// run the loader once between them.
func TestStampedeRedisLockAcrossProcesses(t *testing.T) {
	b := newBackend(t, "redis")
	opts := cache.RegionOptions{LockTTL: 10e9}
	regions := []*cache.Region{cache.NewRegion("test", b, opts), cache.NewRegion("test", b, opts)}
	release := make(chan struct{})
	calls := stampede(t, regions, release, func() { close(release) })
	if calls != 1 {
		t.Errorf("%d concurrent misses in two processes ran the loader %d times, want 1", misses, calls)
	}
}
