package pylon

import (
	"runtime/debug"

	"github.com/pylonweb/pylon/task"
)

// PanicError is a panic recovered from a handler or a task: the value and
// the stack of the goroutine that panicked. The error handler answers 500
// and logs the stack.
type PanicError = task.PanicError

func newPanicError(v any) *PanicError {
	return &PanicError{Value: v, Stack: debug.Stack()}
}
