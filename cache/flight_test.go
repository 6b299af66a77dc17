package cache_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/pylonweb/pylon/cache"
)

// TestWaiterOutlivesCancelledLeader: when the caller running the loader
// gives up, a waiter whose context is live loads the value itself.
func TestWaiterOutlivesCancelledLeader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRegion(t, "memory", cache.RegionOptions{})
		leaderCtx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() {
			_, err := cache.GetOrLoadT(leaderCtx, r, "k", func(ctx context.Context) (string, error) {
				<-ctx.Done()
				return "", ctx.Err()
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("leader err = %v, want Canceled", err)
			}
		})
		synctest.Wait()
		var got string
		var err error
		wg.Go(func() {
			got, err = cache.GetOrLoadT(context.Background(), r, "k", func(context.Context) (string, error) { return "waiter", nil })
		})
		synctest.Wait() // the waiter is waiting for the leader
		cancel()
		wg.Wait()
		if err != nil || got != "waiter" {
			t.Errorf("waiter got %q, %v; want its own load", got, err)
		}
	})
}

func TestWaiterLeavesOnItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRegion(t, "memory", cache.RegionOptions{})
		release := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			cache.GetOrLoadT(context.Background(), r, "k", func(context.Context) (int, error) { <-release; return 1, nil })
		})
		synctest.Wait()
		ctx, cancel := context.WithCancel(context.Background())
		var err error
		wg.Go(func() { _, err = cache.GetOrLoadT(ctx, r, "k", func(context.Context) (int, error) { return 2, nil }) })
		synctest.Wait()
		cancel()
		synctest.Wait()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("waiter err = %v, want Canceled", err)
		}
		close(release)
		wg.Wait()
	})
}

func TestLoaderPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRegion(t, "memory", cache.RegionOptions{})
		release := make(chan struct{})
		var wg sync.WaitGroup
		var recovered any
		wg.Go(func() {
			defer func() { recovered = recover() }()
			cache.GetOrLoadT(context.Background(), r, "k", func(context.Context) (int, error) { <-release; panic("loader bug") })
		})
		synctest.Wait()
		var err error
		wg.Go(func() {
			_, err = cache.GetOrLoadT(context.Background(), r, "k", func(context.Context) (int, error) { return 2, nil })
		})
		synctest.Wait()
		close(release)
		wg.Wait()
		if recovered != "loader bug" {
			t.Errorf("the leader recovered %v, want the loader's panic", recovered)
		}
		if err == nil || !strings.Contains(err.Error(), "panicked") {
			t.Errorf("waiter err = %v, want a panic error", err)
		}
	})
}
