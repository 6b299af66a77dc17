package cache_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

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

// racingLocker is a Backend whose lock is free, but which lets another
// process finish its load first: the first TryLock stores that process's
// value, as if it had loaded, stored and unlocked just before.
type racingLocker struct {
	cache.Backend
	otherLoad func()
	once      sync.Once
}

func (l *racingLocker) TryLock(context.Context, string, time.Duration) (func(), bool, error) {
	l.once.Do(l.otherLoad)
	return func() {}, true, nil
}

// TestLockedLoadLooksAgainAfterLocking covers the window between a miss
// and taking the lock: a process whose lookup missed, and which takes the
// lock only after another process stored the value and unlocked, returns
// that value instead of loading again.
func TestLockedLoadLooksAgainAfterLocking(t *testing.T) {
	ctx := context.Background()
	mem := newBackend(t, "memory")
	other := cache.NewRegion("test", mem, cache.RegionOptions{})
	b := &racingLocker{Backend: mem, otherLoad: func() {
		if err := other.Set(ctx, "hot", "theirs"); err != nil {
			t.Error(err)
		}
	}}
	r := cache.NewRegion("test", b, cache.RegionOptions{LockTTL: time.Second})
	loads := 0
	v, err := cache.GetOrLoadT(ctx, r, "hot", func(context.Context) (string, error) {
		loads++
		return "ours", nil
	})
	if err != nil || v != "theirs" || loads != 0 {
		t.Errorf("GetOrLoadT = %q, %v after %d loads; want the other process's %q and no load", v, err, loads, "theirs")
	}
}
