package pylon

import (
	"context"
	"errors"
	"fmt"
)

// Hook is a start or stop hook: a function the App calls when it starts
// serving or while it shuts down. Plugins join the lifecycle this way
// (open a database at start, close it at stop).
type Hook func(ctx context.Context) error

// OnStart registers a hook that Run calls, in registration order, before
// it accepts connections. An error stops Run from serving; the stop hooks
// of the start hooks that ran are called. A panic in a hook counts as its
// error, a *PanicError.
func (app *App) OnStart(h Hook) {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	app.onStart = append(app.onStart, h)
}

// OnStop registers a hook that Run calls during shutdown, after in-flight
// requests have finished, in reverse registration order, so that what
// started last stops first. A panic in a hook counts as its error, a
// *PanicError, and the hooks after it still run.
func (app *App) OnStop(h Hook) {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	app.onStop = append(app.onStop, h)
}

// OnShutdown registers a function that Serve calls, in its own goroutine,
// when graceful shutdown begins, before in-flight requests are drained.
// Use it to end long-lived requests that draining would otherwise wait
// for: WebSockets (closed with 1001), Server-Sent Events, long polls. A
// panic in f is logged with its stack.
func (app *App) OnShutdown(f func()) {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	app.onShutdown = append(app.onShutdown, f)
}

// Start runs the start hooks and then starts the App's services (see
// Service). Run and Serve call it; call it yourself when you serve the App
// with your own server, and Stop once that server has drained. If a hook
// fails, Start returns its error and starts no services. Calling Start
// again before Stop runs the hooks again but starts no second set of
// services.
func (app *App) Start(ctx context.Context) error {
	app.lifeMu.Lock()
	defer app.lifeMu.Unlock()
	app.hooksMu.Lock()
	hooks := append([]Hook(nil), app.onStart...)
	app.hooksMu.Unlock()
	for i, h := range hooks {
		if err := runHook(ctx, h); err != nil {
			return fmt.Errorf("pylon: start hook %d: %w", i+1, err)
		}
	}
	if app.stopServices == nil {
		app.stopServices = app.runServices(ctx)
	}
	return nil
}

// Stop stops the services and the background tasks (waiting for them
// until ctx is done), then runs the stop hooks in reverse order, and joins
// their errors. Run and Serve call it after the server has drained, so
// that requests can use the services to the end and the stop hooks close
// what the services used.
func (app *App) Stop(ctx context.Context) error {
	app.lifeMu.Lock()
	defer app.lifeMu.Unlock()
	var errs []error
	if stop := app.stopServices; stop != nil {
		app.stopServices = nil
		if err := stop(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	app.hooksMu.Lock()
	hooks := append([]Hook(nil), app.onStop...)
	app.hooksMu.Unlock()
	for i := len(hooks) - 1; i >= 0; i-- {
		if err := runHook(ctx, hooks[i]); err != nil {
			errs = append(errs, fmt.Errorf("pylon: stop hook %d: %w", i+1, err))
		}
	}
	return errors.Join(errs...)
}

// runHook calls h, turning a panic into its error (a *PanicError), so that
// a panicking stop hook does not keep the others from running, nor a
// panicking start hook take Run's caller down without the stop hooks.
func runHook(ctx context.Context, h Hook) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = newPanicError(v)
		}
	}()
	return h(ctx)
}

// guardShutdown wraps an OnShutdown function, which net/http runs in a
// goroutine of its own, so that a panic in it is logged with its stack
// instead of ending the process.
func (app *App) guardShutdown(f func()) func() {
	return func() {
		defer func() {
			if v := recover(); v != nil {
				pe := newPanicError(v)
				app.Logger.Error("pylon: shutdown function panicked", "error", pe, "stack", string(pe.Stack))
			}
		}()
		f()
	}
}
