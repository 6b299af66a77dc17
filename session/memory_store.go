package session

import (
	"context"
	"sync"
	"time"
)

// MemoryStore keeps sessions in this process's memory: the default store,
// for one instance (a restart logs everyone out). It has scs memstore's
// semantics, plus a cleanup goroutine that Close stops, which memstore's
// cannot do without a data race. Its methods may be called concurrently.
type MemoryStore struct {
	mu    sync.RWMutex
	items map[string]memoryItem

	stop chan struct{}
	done chan struct{}
	once sync.Once
}

type memoryItem struct {
	data   []byte
	expiry time.Time
}

// NewMemoryStore returns an empty MemoryStore that deletes expired
// sessions every cleanupInterval; zero or a negative interval turns the
// cleanup off.
func NewMemoryStore(cleanupInterval time.Duration) *MemoryStore {
	m := &MemoryStore{items: make(map[string]memoryItem)}
	if cleanupInterval > 0 {
		m.stop, m.done = make(chan struct{}), make(chan struct{})
		go m.cleanup(cleanupInterval)
	}
	return m
}

// Find returns the data of an unexpired session.
func (m *MemoryStore) Find(token string) ([]byte, bool, error) {
	m.mu.RLock()
	it, ok := m.items[token]
	m.mu.RUnlock()
	if !ok || !time.Now().Before(it.expiry) {
		return nil, false, nil
	}
	return it.data, true, nil
}

// Commit stores the session's data until expiry.
func (m *MemoryStore) Commit(token string, b []byte, expiry time.Time) error {
	m.mu.Lock()
	m.items[token] = memoryItem{data: b, expiry: expiry}
	m.mu.Unlock()
	return nil
}

// UpdateCtx saves b and expiry under token only if the store holds an
// unexpired session under it, and reports whether it did; a nil b keeps
// the stored data. With DeleteExistingCtx, it makes MemoryStore an
// UpdateStore.
func (m *MemoryStore) UpdateCtx(_ context.Context, token string, b []byte, expiry time.Time) (bool, error) {
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[token]
	if !ok || !now.Before(it.expiry) {
		return false, nil
	}
	if !now.Before(expiry) {
		delete(m.items, token)
		return false, nil
	}
	if b != nil {
		it.data = b
	}
	it.expiry = expiry
	m.items[token] = it
	return true, nil
}

// DeleteExistingCtx deletes the session and reports whether the store held
// it, unexpired, under its lock (see UpdateStore).
func (m *MemoryStore) DeleteExistingCtx(_ context.Context, token string) (bool, error) {
	now := time.Now()
	m.mu.Lock()
	it, ok := m.items[token]
	delete(m.items, token)
	m.mu.Unlock()
	return ok && now.Before(it.expiry), nil
}

// Delete deletes the session.
func (m *MemoryStore) Delete(token string) error {
	m.mu.Lock()
	delete(m.items, token)
	m.mu.Unlock()
	return nil
}

// All returns every unexpired session's data by token.
func (m *MemoryStore) All() (map[string][]byte, error) {
	now := time.Now()
	all := make(map[string][]byte)
	m.mu.RLock()
	defer m.mu.RUnlock()
	for token, it := range m.items {
		if now.Before(it.expiry) {
			all[token] = it.data
		}
	}
	return all, nil
}

// Len returns the number of stored sessions, expired ones not yet cleaned
// up included.
func (m *MemoryStore) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.items)
}

// DeleteExpired deletes the expired sessions.
func (m *MemoryStore) DeleteExpired() {
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	for token, it := range m.items {
		if !now.Before(it.expiry) {
			delete(m.items, token)
		}
	}
}

// Close stops the cleanup goroutine and waits for it. The store keeps
// working without it. Close may be called more than once.
func (m *MemoryStore) Close() error {
	m.once.Do(func() {
		if m.stop != nil {
			close(m.stop)
			<-m.done
		}
	})
	return nil
}

func (m *MemoryStore) cleanup(interval time.Duration) {
	defer close(m.done)
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-ticker.C:
			m.DeleteExpired()
		}
	}
}
