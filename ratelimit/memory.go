package ratelimit

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// MemoryConfig configures [NewMemoryStore].
type MemoryConfig struct {
	// MaxKeys bounds the number of buckets held. When a new key arrives at
	// the bound, an arbitrary bucket is dropped, which gives its client a
	// full bucket again: memory stays bounded even under a flood of
	// addresses, at the cost of forgetting some clients.
	// If not set, 100000.
	MaxKeys int

	// CleanupInterval is how often buckets that have refilled completely
	// are dropped; a full bucket is the same as none, so this frees memory
	// without changing any answer.
	// If not set, one minute.
	CleanupInterval time.Duration
}

// MemoryStore is a [Store] that keeps token buckets from
// golang.org/x/time/rate in a map, for one instance. It is safe for
// concurrent use. It runs a cleanup goroutine until [MemoryStore.Close].
type MemoryStore struct {
	maxKeys int
	mu      sync.Mutex
	buckets map[bucketKey]*bucket
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

type bucketKey struct {
	rate Rate
	key  string
}

type bucket struct {
	lim    *rate.Limiter
	fullAt time.Time
}

// NewMemoryStore returns a MemoryStore and starts its cleanup goroutine.
func NewMemoryStore(cfg MemoryConfig) *MemoryStore {
	s := &MemoryStore{
		maxKeys: cfg.MaxKeys,
		buckets: make(map[bucketKey]*bucket),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	if s.maxKeys <= 0 {
		s.maxKeys = 100_000
	}
	interval := cfg.CleanupInterval
	if interval <= 0 {
		interval = time.Minute
	}
	go s.cleanup(interval)
	return s
}

// Allow takes a token from the bucket of key for r. It never fails.
func (s *MemoryStore) Allow(_ context.Context, key string, r Rate) (Result, error) {
	now := time.Now()
	burst := r.burst()
	interval := r.interval()
	k := bucketKey{r, key}

	s.mu.Lock()
	b := s.buckets[k]
	if b == nil {
		if len(s.buckets) >= s.maxKeys {
			for victim := range s.buckets {
				delete(s.buckets, victim)
				break
			}
		}
		b = &bucket{lim: rate.NewLimiter(rate.Every(interval), burst)}
		s.buckets[k] = b
	}
	allowed := b.lim.AllowN(now, 1)
	tokens := b.lim.TokensAt(now)
	reset := time.Duration((float64(burst) - tokens) * float64(interval))
	b.fullAt = now.Add(reset)
	s.mu.Unlock()

	res := Result{Allowed: allowed, Limit: burst, Remaining: max(0, int(tokens)), ResetAfter: reset}
	if !allowed {
		res.RetryAfter = time.Duration((1 - tokens) * float64(interval))
	}
	return res, nil
}

// Len returns the number of buckets held.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.buckets)
}

// Close stops the cleanup goroutine and waits for it. The store still
// answers afterwards, without cleanup. Close may be called more than once.
func (s *MemoryStore) Close() error {
	s.once.Do(func() { close(s.done) })
	<-s.stopped
	return nil
}

func (s *MemoryStore) cleanup(interval time.Duration) {
	defer close(s.stopped)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case now := <-t.C:
			s.dropFull(now)
		}
	}
}

func (s *MemoryStore) dropFull(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, b := range s.buckets {
		if !now.Before(b.fullAt) {
			delete(s.buckets, k)
		}
	}
}
