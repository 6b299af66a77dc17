package task

import (
	"context"
	"sync"
)

// AsyncResult is a value set once and waited for by many: gevent's
// AsyncResult, for handing one result between goroutines where a channel
// would serve only one receiver.
//
// The zero AsyncResult is unset and ready to use. All methods may be
// called concurrently. An AsyncResult must not be copied after first use.
type AsyncResult[T any] struct {
	mu   sync.Mutex
	done chan struct{} // made lazily; closed when set
	set  bool
	v    T
	err  error
}

// Set sets the value, wakes every waiter and returns true. If the result
// was already set, Set changes nothing and returns false.
func (r *AsyncResult[T]) Set(v T) bool { return r.complete(v, nil) }

// SetError sets the result to err (gevent's set_exception), as Set does.
func (r *AsyncResult[T]) SetError(err error) bool {
	var zero T
	return r.complete(zero, err)
}

func (r *AsyncResult[T]) complete(v T, err error) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set {
		return false
	}
	r.set, r.v, r.err = true, v, err
	if r.done == nil {
		r.done = closedchan
	} else {
		close(r.done)
	}
	return true
}

// Done returns a channel closed once the result is set.
func (r *AsyncResult[T]) Done() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done == nil {
		r.done = make(chan struct{})
	}
	return r.done
}

// Ready reports whether the result is set (gevent's ready).
func (r *AsyncResult[T]) Ready() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.set
}

// Wait waits for the result and returns it, or returns ctx's error if ctx
// is done first (gevent's get).
func (r *AsyncResult[T]) Wait(ctx context.Context) (T, error) {
	select {
	case <-r.Done():
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.v, r.err
}
