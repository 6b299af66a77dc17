package task

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// PanicError is the error a task or service ends with when its function
// panics. The panic is recovered in the task's own goroutine, so it never
// takes the process down; it is returned by Wait, counted by Metrics and
// passed to Registry.OnPanic and Registry.WatchPanics.
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

// ErrCallbackPanic is matched (errors.Is) by the error that
// Registry.OnPanic and the functions given to Registry.WatchPanics receive
// when a callback added with OnDone, OnSuccess or OnError, or a
// Supervisor's OnRestart, panics, as opposed to the task's own function; errors.As finds the *PanicError,
// with the stack, in it. The task itself ended as its Info's State says.
var ErrCallbackPanic = errors.New("task: callback panicked")

// callbackPanic is the error reported for a panic in a callback.
type callbackPanic struct{ pe *PanicError }

func (e *callbackPanic) Error() string { return fmt.Sprintf("task: callback panicked: %v", e.pe.Value) }

func (e *callbackPanic) Unwrap() []error { return []error{ErrCallbackPanic, e.pe} }

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
