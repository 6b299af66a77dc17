package ratelimit_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/ratelimit"
)

// allow calls s.Allow and fails the test on an error.
func allow(t *testing.T, s ratelimit.Store, key string, r ratelimit.Rate) ratelimit.Result {
	t.Helper()
	res, err := s.Allow(context.Background(), key, r)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestMemoryStoreRefill(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
		defer s.Close()
		r := ratelimit.Rate{Requests: 1, Period: time.Second, Burst: 3}

		for i := range 3 {
			res := allow(t, s, "a", r)
			want := ratelimit.Result{Allowed: true, Limit: 3, Remaining: 2 - i, ResetAfter: time.Duration(i+1) * time.Second}
			if res != want {
				t.Fatalf("request %d: %+v, want %+v", i, res, want)
			}
		}
		res := allow(t, s, "a", r)
		want := ratelimit.Result{Allowed: false, Limit: 3, RetryAfter: time.Second, ResetAfter: 3 * time.Second}
		if res != want {
			t.Fatalf("over the limit: %+v, want %+v", res, want)
		}
		if res := allow(t, s, "b", r); !res.Allowed {
			t.Fatal("another key shares the bucket")
		}

		time.Sleep(time.Second)
		if res := allow(t, s, "a", r); !res.Allowed || res.Remaining != 0 {
			t.Fatalf("after one refill: %+v", res)
		}
		if res := allow(t, s, "a", r); res.Allowed {
			t.Fatalf("the refill was used twice: %+v", res)
		}

		time.Sleep(500 * time.Millisecond)
		if res := allow(t, s, "a", r); res.Allowed || res.RetryAfter != 500*time.Millisecond {
			t.Fatalf("half a token: %+v", res)
		}

		time.Sleep(10 * time.Second)
		if res := allow(t, s, "a", r); !res.Allowed || res.Remaining != 2 {
			t.Fatalf("the bucket should be full again, and no fuller: %+v", res)
		}
	})
}

func TestMemoryStoreSeparatesRates(t *testing.T) {
	s := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
	defer s.Close()
	strict := ratelimit.PerHour(1)
	loose := ratelimit.PerHour(100)
	allow(t, s, "k", strict)
	if res := allow(t, s, "k", loose); !res.Allowed || res.Remaining != 99 {
		t.Errorf("a second rate for the same key shares the bucket: %+v", res)
	}
}

func TestMemoryStoreCleanup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{CleanupInterval: time.Minute})
		defer s.Close()
		allow(t, s, "fast", ratelimit.PerSecond(10))
		allow(t, s, "slow", ratelimit.PerHour(10))
		if s.Len() != 2 {
			t.Fatalf("Len %d, want 2", s.Len())
		}
		time.Sleep(time.Minute + time.Second)
		synctest.Wait()
		if s.Len() != 1 {
			t.Fatalf("after cleanup Len %d, want 1 (only the slow bucket is still refilling)", s.Len())
		}
	})
}

func TestMemoryStoreMaxKeys(t *testing.T) {
	s := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{MaxKeys: 10})
	defer s.Close()
	for i := range 100 {
		allow(t, s, strconv.Itoa(i), ratelimit.PerHour(1))
	}
	if s.Len() != 10 {
		t.Errorf("Len %d, want 10", s.Len())
	}
}

func TestMemoryStoreConcurrent(t *testing.T) {
	s := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
	defer s.Close()
	testConcurrent(t, s)
}

// testConcurrent checks that a bucket of 10 admits exactly 10 of 100
// simultaneous requests.
func testConcurrent(t *testing.T, s ratelimit.Store) {
	r := ratelimit.PerHour(10)
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 100 {
		wg.Go(func() {
			res, err := s.Allow(context.Background(), "shared", r)
			if err != nil {
				t.Error(err)
				return
			}
			if res.Allowed {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if allowed != 10 {
		t.Errorf("%d requests allowed, want 10", allowed)
	}
}

func TestMemoryStoreCloseTwice(t *testing.T) {
	s := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
	s.Close()
	s.Close()
	if res := allow(t, s, "k", ratelimit.PerSecond(1)); !res.Allowed {
		t.Error("a closed store stopped answering")
	}
}
