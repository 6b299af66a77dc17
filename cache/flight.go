package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// flight runs one function per key at a time for all the callers that
// ask for it meanwhile (a singleflight). Unlike x/sync/singleflight, a
// waiting caller leaves when its own context ends, and when the leader's
// context ended the load, a waiter whose context is live tries again
// instead of sharing the leader's cancellation.
type flight struct {
	mu    sync.Mutex
	calls map[string]*call
}

type call struct {
	done chan struct{}
	val  any
	err  error
	// cancelled reports that the leader's context ended the call.
	cancelled bool
}

func (f *flight) do(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	for {
		f.mu.Lock()
		if c, ok := f.calls[key]; ok {
			f.mu.Unlock()
			select {
			case <-c.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if c.cancelled && ctx.Err() == nil {
				continue
			}
			return c.val, c.err
		}
		if f.calls == nil {
			f.calls = map[string]*call{}
		}
		c := &call{done: make(chan struct{})}
		f.calls[key] = c
		f.mu.Unlock()
		f.run(ctx, key, c, fn)
		return c.val, c.err
	}
}

// run calls fn as the leader. A panic in fn is passed on to the leader
// after the waiters are released with an error.
func (f *flight) run(ctx context.Context, key string, c *call, fn func(context.Context) (any, error)) {
	returned := false
	defer func() {
		var p any
		if !returned {
			p = recover()
			c.val, c.err = nil, fmt.Errorf("cache: the loader of %q panicked or exited: %v", key, p)
		}
		f.mu.Lock()
		delete(f.calls, key)
		f.mu.Unlock()
		close(c.done)
		if p != nil {
			panic(p)
		}
	}()
	c.val, c.err = fn(ctx)
	c.cancelled = c.err != nil && ctx.Err() != nil &&
		(errors.Is(c.err, context.Canceled) || errors.Is(c.err, context.DeadlineExceeded))
	returned = true
}
