package task

import (
	"context"
	"sync"
)

// Event is a flag that goroutines can wait for: gevent's Event. Set wakes
// every waiter; Clear makes later waiters wait again.
//
// The zero Event is unset and ready to use. All methods may be called
// concurrently. An Event must not be copied after first use.
type Event struct {
	mu  sync.Mutex
	set bool
	ch  chan struct{} // made lazily; closed when set
}

// Set sets the event and wakes every waiter. Setting a set event does
// nothing.
func (e *Event) Set() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.set {
		return
	}
	e.set = true
	if e.ch == nil {
		e.ch = closedchan
	} else {
		close(e.ch)
	}
}

// Clear unsets the event. Waiters already woken stay woken.
func (e *Event) Clear() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.set {
		e.set = false
		e.ch = nil
	}
}

// IsSet reports whether the event is set.
func (e *Event) IsSet() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.set
}

// Done returns a channel closed when the event is next set (at once if it
// is set now), for use in a select.
func (e *Event) Done() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ch == nil {
		e.ch = make(chan struct{})
	}
	return e.ch
}

// Wait waits until the event is set, or returns ctx's error if ctx is done
// first.
func (e *Event) Wait(ctx context.Context) error {
	select {
	case <-e.Done():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
