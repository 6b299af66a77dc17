package pylon

import (
	"log/slog"
	"net/http"
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

// answerError sends err through the error handler and recovers a panic in
// it: the panic is logged with its stack and the error it was answering,
// and the client gets a plain 500 if nothing was written yet. Without
// this, the panic would leave ServeHTTP before the request's tasks were
// joined, and a server would drop the connection without an answer.
// http.ErrAbortHandler still goes on up.
func (app *App) answerError(c *Context, err error) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		pe := newPanicError(v)
		c.Logger().LogAttrs(c.req.Context(), slog.LevelError, "pylon: error handler panicked",
			slog.String("error", err.Error()), slog.String("panic", pe.Error()),
			slog.String("stack", string(pe.Stack)))
		if !c.Written() {
			http.Error(c.Response(), http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		}
	}()
	app.handleError(c, err)
}
