package cache

import (
	"context"
	"time"
)

// Backend stores a region's entries: in this process ([Memory]) or in a
// server that several processes share ([Redis]). A Region sits on one
// Backend and adds loading, stampede protection, negative caching, typed
// values and the failure policy; a Backend only stores.
//
// A Backend's methods may be called concurrently. A ttl of zero or less
// means the entry does not expire (it may still be evicted).
type Backend interface {
	// Get returns the entry stored under key; ok is false if there is none
	// or it has expired.
	Get(ctx context.Context, key string) (e Entry, ok bool, err error)
	// Set stores e under key for ttl, replacing any entry, and adds key to
	// the index of each tag.
	Set(ctx context.Context, key string, e Entry, ttl time.Duration, tags []string) error
	// Delete removes the entries stored under keys. Absent keys are not an
	// error.
	Delete(ctx context.Context, keys ...string) error
	// DeleteTags removes every entry stored with one of tags.
	DeleteTags(ctx context.Context, tags ...string) error
	// Clear removes every entry of the backend.
	Clear(ctx context.Context) error
	// EncodesValues reports whether the backend stores bytes: then a Region
	// passes and receives Entry.Data, encoded with its Codec. Otherwise it
	// passes and receives Entry.Value as is.
	EncodesValues() bool
	// Close releases what the backend holds. Using it afterwards is an
	// error or a panic, depending on the backend.
	Close() error
}

// Entry is one stored value, as a Region hands it to a Backend.
type Entry struct {
	// Value is the value itself, for a backend that keeps values in memory.
	Value any
	// Data is the value encoded by the region's Codec, for a backend whose
	// EncodesValues is true.
	Data []byte
	// Missing marks a negative entry: the loader reported ErrNotFound.
	// Value and Data are empty then.
	Missing bool
}

// Locker is implemented by backends that can hold a lock shared by
// several processes, so that a Region with a LockTTL runs a loader once
// across all of them, not once per process.
type Locker interface {
	// TryLock takes the lock named key for at most ttl. If another holder
	// has it, ok is false. unlock releases the lock if it is still the
	// caller's.
	TryLock(ctx context.Context, key string, ttl time.Duration) (unlock func(), ok bool, err error)
}
