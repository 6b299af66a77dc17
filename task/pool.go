package task

import (
	"context"
	"fmt"
)

// Pool runs at most Size tasks at once: gevent's Pool. Unlike a Group it
// is not fail-fast and keeps no errors: each task's result is on its Task
// (use Spawn with Spec.Pool for a handle) or is handled by the function.
//
// Create a Pool with NewPool; the zero Pool is not usable. All methods may
// be called concurrently. Panics in tasks are recovered into *PanicError.
type Pool struct {
	sem     chan struct{}
	members members
}

// NewPool returns a Pool that runs at most size tasks at once. It panics
// if size is less than 1.
func NewPool(size int) *Pool {
	if size < 1 {
		panic(fmt.Sprintf("task: NewPool(%d): size must be at least 1", size))
	}
	return &Pool{sem: make(chan struct{}, size), members: members{pool: true}}
}

// Go waits for a free slot and runs fn in a new task named "pool" whose
// parent context is ctx. If ctx is done before a slot frees up, or already
// when Go is called, Go returns ctx's error and fn does not run.
func (p *Pool) Go(ctx context.Context, fn func(ctx context.Context) error) error {
	if err := p.acquire(ctx); err != nil {
		return err
	}
	p.spawn(ctx, fn)
	return nil
}

// TryGo runs fn in a new task if a slot is free now, and reports whether
// it did. As Go, it does not run fn if ctx is already done.
func (p *Pool) TryGo(ctx context.Context, fn func(ctx context.Context) error) bool {
	if ctx.Err() != nil {
		return false
	}
	select {
	case p.sem <- struct{}{}:
	default:
		return false
	}
	p.spawn(ctx, fn)
	return true
}

func (p *Pool) spawn(ctx context.Context, fn func(ctx context.Context) error) {
	Spawn(ctx, Spec{Name: "pool", Pool: p, poolSlot: true},
		func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) })
}

// acquire takes a slot, waiting for one; it never gives one to a done
// ctx, even when a slot is free.
func (p *Pool) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case p.sem <- struct{}{}:
		return nil
	default:
	}
	select {
	case p.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Pool) release() { <-p.sem }

// Size returns the most tasks the pool runs at once.
func (p *Pool) Size() int { return cap(p.sem) }

// Free returns how many more tasks could start now (gevent's free_count).
func (p *Pool) Free() int { return cap(p.sem) - len(p.sem) }

// Len returns how many of the pool's tasks have not ended, counting
// delayed tasks still waiting to start.
func (p *Pool) Len() int { return p.members.len() }

// Wait waits until none of the pool's tasks is alive, or returns ctx's
// error if ctx is done first (gevent's Pool.join).
func (p *Pool) Wait(ctx context.Context) error { return p.members.wait(ctx) }

// KillAll kills every task of the pool that is alive now, without
// waiting.
func (p *Pool) KillAll() { p.members.killAll() }
