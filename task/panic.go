package task

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// PanicError is the error a task or service ends with when its function
// panics. The panic is recovered in the task's own goroutine, so it never
// takes the process down; it is returned by Wait, counted by Metrics and
// passed to Registry.OnPanic.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the panicking goroutine's stack, from runtime/debug.Stack.
	Stack []byte
}

// ErrGoexit is the error of a task whose function called runtime.Goexit
// (for example t.FailNow in a test) instead of returning. Such a task ends
// Panicked, so that its waiters do not block forever.
var ErrGoexit = errors.New("task: function called runtime.Goexit")

func newPanicError(v any) *PanicError {
	return &PanicError{Value: v, Stack: debug.Stack()}
}

// Error returns "task: panic: " followed by the panic value.
func (e *PanicError) Error() string { return fmt.Sprintf("task: panic: %v", e.Value) }

// Unwrap returns the panic value if it is an error, so errors.Is and
// errors.As see through panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
