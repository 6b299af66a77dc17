package greenlet

import (
	"errors"
	"fmt"
)

// ErrExit is Python's GreenletExit. [Greenlet.Throw] with a nil error
// raises it in the target, and [Greenlet.Close] raises it in every
// greenlet still suspended. When run returns an error that [errors.Is]
// ErrExit, the greenlet's parent receives that error as its single
// value, not as an error: an expected exit is a result, not a failure.
var ErrExit = errors.New("greenlet: exit")

// ErrOtherSet is returned when a switch, throw or parent change would
// cross from one set of greenlets to another. A set belongs to the
// goroutine that made it with [NewMain], as a Python greenlet belongs
// to its thread.
var ErrOtherSet = errors.New("greenlet: greenlet belongs to another set (another goroutine)")

// ErrNotCurrent is returned when a switch or throw is made from a
// greenlet that is not the one running in its set: only the running
// greenlet can suspend itself.
var ErrNotCurrent = errors.New("greenlet: switch from a greenlet that is not running")

// ErrClosed is returned by switches and throws in a set whose main
// greenlet has been closed.
var ErrClosed = errors.New("greenlet: set is closed")

// ErrCycle is returned by [Greenlet.SetParent] when the new parent
// would make the parent chain a cycle.
var ErrCycle = errors.New("greenlet: cyclic parent chain")

// ErrNil is returned when a switch, throw or parent change names a nil
// greenlet.
var ErrNil = errors.New("greenlet: nil greenlet")

// ErrNotMain is returned by [Greenlet.Close] on a greenlet that is not
// its set's main greenlet.
var ErrNotMain = errors.New("greenlet: not the main greenlet")

// PanicError is the error a greenlet's parent receives when run panics.
// It keeps the panic value and the stack of the panicking greenlet,
// which a re-panic in the parent would have lost.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the panicking greenlet's stack trace, as by
	// [runtime/debug.Stack], taken before the stack unwound.
	Stack []byte
}

// Error reports the panic value; the stack is in the Stack field.
func (e *PanicError) Error() string {
	return fmt.Sprintf("greenlet: panic: %v", e.Value)
}

// Unwrap returns the panic value if it is an error, so [errors.Is] and
// [errors.As] see through the panic.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
