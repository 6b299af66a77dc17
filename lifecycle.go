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
// of the start hooks that ran are called.
func (app *App) OnStart(h Hook) {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	app.onStart = append(app.onStart, h)
}

// OnStop registers a hook that Run calls during shutdown, after in-flight
// requests have finished, in reverse registration order, so that what
// started last stops first.
func (app *App) OnStop(h Hook) {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	app.onStop = append(app.onStop, h)
}

// OnShutdown registers a function that Serve calls, in its own goroutine,
// when graceful shutdown begins, before in-flight requests are drained.
// Use it to end long-lived requests that draining would otherwise wait
// for: WebSockets (closed with 1001), Server-Sent Events, long polls.
func (app *App) OnShutdown(f func()) {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	app.onShutdown = append(app.onShutdown, f)
}

// Start runs the start hooks. Run calls it; call it yourself when you
// serve the App with your own server.
func (app *App) Start(ctx context.Context) error {
	app.hooksMu.Lock()
	hooks := append([]Hook(nil), app.onStart...)
	app.hooksMu.Unlock()
	for i, h := range hooks {
		if err := h(ctx); err != nil {
			return fmt.Errorf("pylon: start hook %d: %w", i+1, err)
		}
	}
	return nil
}

// Stop runs the stop hooks in reverse order and joins their errors. Run
// calls it after the server has drained.
func (app *App) Stop(ctx context.Context) error {
	app.hooksMu.Lock()
	hooks := append([]Hook(nil), app.onStop...)
	app.hooksMu.Unlock()
	var errs []error
	for i := len(hooks) - 1; i >= 0; i-- {
		if err := hooks[i](ctx); err != nil {
			errs = append(errs, fmt.Errorf("pylon: stop hook %d: %w", i+1, err))
		}
	}
	return errors.Join(errs...)
}
