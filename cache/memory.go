package cache

import (
	"context"
	"time"

	"github.com/maypok86/otter/v2"
)

// DefaultSize is the number of entries a memory region keeps when its
// Size is not set.
const DefaultSize = 10_000

// forever stands for "no expiry" in otter, which wants a duration.
const forever = 100 * 365 * 24 * time.Hour

// MemoryConfig configures a [Memory] backend.
type MemoryConfig struct {
	// Size is the most entries the backend keeps; past it, otter evicts
	// the entries least likely to be used again (W-TinyLFU).
	// If not set, DefaultSize.
	Size int

	// ClockResolution, when positive, makes expiry read a clock that a
	// goroutine updates once per ClockResolution (otter's CoarseClock)
	// instead of the system clock on every read: a hit gets cheaper where
	// reading the time is slow (about 100ns on some VMs), and entries may
	// expire up to ClockResolution early or late. If not set, each read
	// reads the system clock.
	ClockResolution time.Duration
}

// Memory is a Backend that keeps values in this process, on otter v2. It
// stores values as they are, so a hit costs no decoding and, for a typed
// read, no allocation. Only this process sees its entries.
//
// Its methods may be called concurrently. Close stops otter's background
// goroutines; the backend still works afterwards, but nothing expires
// proactively (and with a ClockResolution, time stands still).
type Memory struct {
	cache *otter.Cache[string, *memoryEntry]
	clock *otter.CoarseClock
	tags  tagIndex
}

type memoryEntry struct {
	entry Entry
	ttl   time.Duration
	tags  []string
}

// NewMemory returns a Memory backend.
func NewMemory(cfg MemoryConfig) *Memory {
	size := cfg.Size
	if size <= 0 {
		size = DefaultSize
	}
	m := &Memory{tags: tagIndex{keys: map[string]map[string]struct{}{}}}
	opts := &otter.Options[string, *memoryEntry]{
		MaximumSize: size,
		ExpiryCalculator: otter.ExpiryWritingFunc(func(e otter.Entry[string, *memoryEntry]) time.Duration {
			return e.Value.ttl
		}),
		// Atomic, so the tag index changes in step with the entry: a
		// replaced entry's tags are dropped before the new entry's are added.
		OnAtomicDeletion: func(e otter.DeletionEvent[string, *memoryEntry]) {
			m.tags.remove(e.Key, e.Value.tags)
		},
	}
	if cfg.ClockResolution > 0 {
		m.clock = otter.NewCoarseClock(cfg.ClockResolution)
		opts.Clock = m.clock
	}
	m.cache = otter.Must(opts)
	return m
}

// Get returns the entry stored under key.
func (m *Memory) Get(_ context.Context, key string) (Entry, bool, error) {
	v, ok := m.cache.GetIfPresent(key)
	if !ok {
		return Entry{}, false, nil
	}
	return v.entry, true, nil
}

// Set stores e under key for ttl and indexes it under tags.
func (m *Memory) Set(_ context.Context, key string, e Entry, ttl time.Duration, tags []string) error {
	if ttl <= 0 {
		ttl = forever
	}
	if len(tags) > 0 {
		tags = append([]string(nil), tags...)
	}
	m.cache.Set(key, &memoryEntry{entry: e, ttl: ttl, tags: tags})
	m.tags.add(key, tags)
	return nil
}

// Delete removes the entries stored under keys.
func (m *Memory) Delete(_ context.Context, keys ...string) error {
	for _, k := range keys {
		m.cache.Invalidate(k)
	}
	return nil
}

// DeleteTags removes every entry stored with one of tags.
func (m *Memory) DeleteTags(_ context.Context, tags ...string) error {
	for _, tag := range tags {
		for _, k := range m.tags.take(tag) {
			m.cache.Invalidate(k)
		}
	}
	return nil
}

// Clear removes every entry.
func (m *Memory) Clear(context.Context) error {
	m.cache.InvalidateAll()
	return nil
}

// EncodesValues reports false: Memory keeps values as they are.
func (m *Memory) EncodesValues() bool { return false }

// Len returns about how many entries the backend holds; expired entries
// not yet cleaned up may be counted.
func (m *Memory) Len() int { return m.cache.EstimatedSize() }

// Close stops otter's background goroutines.
func (m *Memory) Close() error {
	m.cache.StopAllGoroutines()
	if m.clock != nil {
		m.clock.Stop()
	}
	return nil
}
