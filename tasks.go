package pylon

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/pylonweb/pylon/task"
)

// requestTasks holds the tasks a request started with Context.Go.
type requestTasks struct {
	group *task.Group
	app   *App
	owner string
	// cancel cancels the group's parent at the end of the request, so
	// that a task started while the others are being killed (by one of
	// them, say) starts cancelled instead of running on unchecked.
	cancel context.CancelFunc
}

// defaultTaskJoinTimeout bounds how long the end of a request waits for
// tasks that ignore their cancelled context.
const defaultTaskJoinTimeout = 10 * time.Second

// Tasks returns the request's task group. Its tasks run with a context
// derived from the request's, so a client that goes away cancels them;
// when the handler returns, the App cancels the tasks still running and
// waits for them before the response completes.
//
// Wait on the group to join the tasks started so far and collect their
// errors: those that no earlier Wait returned, joined. The group stays
// usable, as a gevent Group does: tasks started after Wait run normally,
// and the next Wait reports theirs.
//
// A failure that the handler never observed is logged when the request
// ends, at level error, with the request ID, the task's name and, for a
// panic, the stack. A failure is observed once its error has been
// returned by the task's Wait or Err, passed to its OnError callback, or
// returned by the group's Wait; observing it makes it the handler's to
// deal with (return it, and the error handler logs it). Tasks that end
// because they were cancelled (the handler returned, the client went
// away, Kill) have not failed and are not logged.
func (c *Context) Tasks() *task.Group {
	if c.tasks == nil {
		owner := c.RequestID()
		ctx, cancel := context.WithCancel(c.req.Context())
		c.tasks = &requestTasks{
			app:    c.app,
			owner:  owner,
			cancel: cancel,
			group: task.NewGroup(ctx, task.GroupConfig{
				CollectAll: true,
				Name:       "request",
				Owner:      owner,
				Registry:   c.app.TaskRegistry(),
			}),
		}
	}
	return c.tasks.group
}

// Go starts fn as a task of the request, named for the task monitor and
// metrics, and returns it; see Tasks for its lifetime. Use the package
// function Go for a task with a result. A panic in fn becomes the task's
// *PanicError, never a crash.
func (c *Context) Go(name string, fn func(ctx context.Context) error) *task.Task[struct{}] {
	return Go(c, name, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) })
}

// Go starts fn as a task of c's request that returns a value, the typed
// form of Context.Go:
//
//	user := pylon.Go(c, "user", func(ctx context.Context) (User, error) { ... })
//	posts := pylon.Go(c, "posts", func(ctx context.Context) ([]Post, error) { ... })
//	u, err := user.Wait(ctx)
func Go[T any](c *Context, name string, fn func(ctx context.Context) (T, error)) *task.Task[T] {
	return GoSpec(c, task.Spec{Name: name}, fn)
}

// GoSpec starts fn as a task of c's request with a full task.Spec, for a
// per-task Timeout, Delay or Pool. The Spec's Group and Owner are the
// request's; its Registry defaults to the App's.
func GoSpec[T any](c *Context, spec task.Spec, fn func(ctx context.Context) (T, error)) *task.Task[T] {
	g := c.Tasks()
	spec.Group, spec.Owner = g, c.tasks.owner
	if spec.Registry == nil {
		spec.Registry = c.app.TaskRegistry()
	}
	return task.Spawn(g.Context(), spec, fn)
}

// finish cancels the request's unfinished tasks, waits for them and logs
// the failures the handler never observed. It reports whether they all
// ended; if some ignore cancellation beyond the join timeout they are
// logged as stuck, and the Context must not be reused, since they may
// still hold it.
func (t *requestTasks) finish() bool {
	t.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), t.app.taskJoinTimeout())
	defer cancel()
	err := t.group.KillWait(ctx)
	t.logUnobserved()
	if err == nil {
		t.group.Wait() // releases the group's context
		return true
	}
	t.app.Logger.Error("pylon: request tasks ignored cancellation", "request_id", t.owner, "error", err)
	return false
}

// logUnobserved logs the failures of the request's tasks that no one
// observed. Killed tasks did not fail: the request's end, the client or
// someone's Kill stopped them.
func (t *requestTasks) logUnobserved() {
	for _, f := range t.group.Failures() {
		if !f.Observed && f.State != task.Killed {
			logTaskFailure(t.app.Logger, "pylon: request task", f.Name, f.Err, "request_id", t.owner)
		}
	}
}

// logTaskFailure logs a task's error at level error: "<what> panicked"
// with the stack for a panic, "<what> failed" otherwise.
func logTaskFailure(l *slog.Logger, what, name string, err error, attrs ...any) {
	attrs = append(attrs, "task", name, "error", err)
	var pe *PanicError
	if errors.As(err, &pe) {
		l.Error(what+" panicked", append(attrs, "stack", string(pe.Stack))...)
		return
	}
	l.Error(what+" failed", attrs...)
}

func (app *App) taskJoinTimeout() time.Duration {
	return orDefault(app.config.TaskJoinTimeout, defaultTaskJoinTimeout)
}

// TaskRegistry returns the registry that records the App's tasks and
// services: App.Registry, or task.DefaultRegistry.
//
// While the App is started (from Start to Stop), it logs at level error,
// with the stack, the panics its registry hears of that nobody else
// reports: a service's, and an OnDone, OnSuccess or OnError callback's. It
// watches them with Registry.WatchPanics and leaves Registry.OnPanic
// alone, for your own use. task.DefaultRegistry is the whole process's:
// Apps that share it each log its panics, so give each App a Registry of
// its own to keep their logs apart.
func (app *App) TaskRegistry() *task.Registry {
	if app.Registry != nil {
		return app.Registry
	}
	return task.DefaultRegistry
}

// logPanic is what the App watches its registry's panics with. A task's
// own panic is its error, which its owner reports: a request's tasks at
// the end of the request if the handler did not observe it, a background
// task at once. That leaves services and callbacks.
func (app *App) logPanic(in task.Info, err error) {
	var msg string
	var attrs []any
	switch {
	case errors.Is(err, task.ErrCallbackPanic):
		msg = "pylon: task callback panicked"
		attrs = []any{"task", in.Name}
		if in.Owner != "" {
			attrs = append(attrs, "owner", in.Owner)
		}
	case in.Kind == task.KindService:
		msg = "pylon: service panicked"
		attrs = []any{"service", in.Name, "supervisor", in.Owner}
	default:
		return
	}
	attrs = append(attrs, "error", err)
	var pe *PanicError
	if errors.As(err, &pe) {
		attrs = append(attrs, "stack", string(pe.Stack))
	}
	app.Logger.Error(msg, attrs...)
}

// ServiceConfig says how the App's supervisor restarts and stops the
// services added with Service. Its zero value uses every default below,
// which are those of task.SupervisorConfig. Set it with ConfigureServices.
type ServiceConfig struct {
	// MaxRestarts is how many automatic restarts, of all services
	// together, the App allows within Window. One more and the supervisor
	// gives up: it stops every service, logs the failure at level error
	// and closes ServicesFailed. If zero, 10; if negative, no limit, and
	// the supervisor never gives up.
	MaxRestarts int
	// Window is the period MaxRestarts counts over. If zero, one minute.
	Window time.Duration
	// Backoff spaces out the restarts of a service that keeps failing. If
	// zero, 100ms doubling to 10s, with up to 20% taken off at random; see
	// task.Backoff for each field's default.
	Backoff task.Backoff
	// StopTimeout is how long Stop waits for each service to return after
	// cancelling it, before reporting it as stuck (task.ErrStuck) and
	// moving on. If zero, 10s.
	StopTimeout time.Duration
}

// appTaskState is what this file keeps in an App, under hooksMu.
type appTaskState struct {
	services ServiceConfig
	failed   chan struct{} // see ServicesFailed; made on first use
	// stopped is set from the moment Stop begins to stop the background
	// tasks until the next Start: a background task started then gets a
	// cancelled context, since no later Stop may come to cancel it.
	stopped bool
}

// ConfigureServices sets how the App's supervisor restarts and stops
// services. Call it before Service, RestartService or Start, which set the
// supervisor up; after that it returns an error and changes nothing.
func (app *App) ConfigureServices(cfg ServiceConfig) error {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	if app.sup != nil {
		return errors.New("pylon: ConfigureServices called after the App's services were set up")
	}
	app.taskState.services = cfg
	return nil
}

// supervisor returns the App's supervisor, made on first use.
func (app *App) supervisor() *task.Supervisor {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	if app.sup == nil {
		cfg := app.taskState.services
		app.sup = task.NewSupervisor(task.SupervisorConfig{
			Name:        "app",
			Registry:    app.TaskRegistry(),
			Backoff:     cfg.Backoff,
			MaxRestarts: cfg.MaxRestarts,
			Window:      cfg.Window,
			StopTimeout: cfg.StopTimeout,
			OnRestart: func(name string, err error, delay time.Duration) {
				app.Logger.Warn("pylon: restarting service", "service", name, "error", err, "delay", delay)
			},
		})
	}
	return app.sup
}

// Service adds a long-running service to the App's supervisor: it starts
// when the App starts (Start, which Run and Serve call), is restarted by
// policy with backoff when it fails (see ServiceConfig), and is stopped by
// Stop, during shutdown after in-flight requests have drained, in reverse
// order of addition. Services added while the App is started start at
// once. A panic in a service is logged with its stack while the App is
// started (see TaskRegistry).
func (app *App) Service(name string, svc task.Service, policy task.Policy) error {
	return app.supervisor().Add(name, svc, policy)
}

// Services describes the App's services: state, restarts, last error.
func (app *App) Services() []task.ServiceInfo {
	app.hooksMu.Lock()
	sup := app.sup
	app.hooksMu.Unlock()
	if sup == nil {
		return []task.ServiceInfo{} // none added; leave ConfigureServices possible
	}
	return sup.Services()
}

// RestartService restarts the named service now.
func (app *App) RestartService(name string) error {
	return app.supervisor().Restart(name)
}

// ServicesFailed returns a channel that is closed when the App's
// supervisor next gives up because its services restarted more often than
// ServiceConfig.MaxRestarts allows. By then every service has stopped and
// the failure has been logged at level error; Stop returns it, as an
// error matching task.ErrRestartIntensity. Run and Serve watch this
// channel: they shut down gracefully and return that error, so that main
// can exit with it. An App served some other way (its own http.Server)
// keeps serving until its owner selects on this channel.
//
// It returns the same channel, before and after Start, until that channel
// is closed; then a new one, for the next time.
func (app *App) ServicesFailed() <-chan struct{} {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	return app.failedLocked()
}

func (app *App) failedLocked() chan struct{} {
	if app.taskState.failed == nil {
		app.taskState.failed = make(chan struct{})
	}
	return app.taskState.failed
}

// Background starts fn as a task owned by the App rather than a request,
// for work that must outlive the request that asked for it. Its context is
// cancelled when the App shuts down, which then waits for it (up to the
// shutdown timeout). A failure is logged at level error, a panic with its
// stack, and is not kept afterwards: the App holds no error of a
// background task that has ended.
//
// A background task started while the App is stopping (by another one,
// say) or after Stop, until the next Start, runs with its context already
// cancelled, so that it cannot outlive the shutdown unnoticed.
func (app *App) Background(name string, fn func(ctx context.Context) error) *task.Task[struct{}] {
	app.hooksMu.Lock()
	if app.background == nil {
		app.backgroundCtx, app.stopBackground = context.WithCancel(context.Background())
		app.background = task.NewGroup(app.backgroundCtx, task.GroupConfig{
			CollectAll: true, DiscardErrors: true, Name: "background", Owner: "app", Registry: app.TaskRegistry(),
		})
	}
	if app.taskState.stopped {
		app.stopBackground()
	}
	g, ctx := app.background, app.backgroundCtx
	app.hooksMu.Unlock()
	t := task.Spawn(ctx, task.Spec{Name: name, Owner: "app", Group: g, Registry: app.TaskRegistry()},
		func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) })
	t.OnError(func(err error) {
		if !errors.Is(err, context.Canceled) {
			logTaskFailure(app.Logger, "pylon: background task", name, err)
		}
	})
	return t
}

// runServices starts the App's supervisor, so that services added before
// or while serving run, and the logging of its registry's panics; it
// returns a function that stops them and the background tasks.
func (app *App) runServices(ctx context.Context) (stop func(context.Context) error) {
	app.hooksMu.Lock()
	if app.taskState.stopped {
		// Background tasks started since the last Stop have a
		// cancelled group; the next ones start a live one.
		app.background, app.backgroundCtx, app.stopBackground = nil, nil, nil
		app.taskState.stopped = false
	}
	app.hooksMu.Unlock()
	unwatch := app.TaskRegistry().WatchPanics(app.logPanic)
	sup := app.supervisor()
	supCtx, cancelSup := context.WithCancel(context.WithoutCancel(ctx))
	supDone := make(chan error, 1)
	go func() {
		err := sup.Serve(supCtx)
		if errors.Is(err, task.ErrRestartIntensity) {
			app.Logger.Error("pylon: services restarted too often; the supervisor stopped them all", "error", err)
			app.hooksMu.Lock()
			failed := app.failedLocked()
			app.taskState.failed = nil // the next ServicesFailed is for the next time
			app.hooksMu.Unlock()
			close(failed)
		} else if err != nil && supCtx.Err() == nil {
			// Serve gave up before it was asked to stop: the previous
			// Serve, which an earlier Stop's deadline left behind, is
			// still stopping its services, and these are not running.
			app.Logger.Error("pylon: services did not start", "error", err)
		}
		supDone <- err
	}()
	return func(ctx context.Context) error {
		var errs []error
		cancelSup()
		select {
		case err := <-supDone:
			errs = append(errs, err)
		case <-ctx.Done():
			errs = append(errs, errors.New("pylon: services did not stop before the shutdown deadline"))
		}
		// Background tasks started from now on join bg cancelled, so
		// KillWait waits for those that its own tasks start.
		app.hooksMu.Lock()
		app.taskState.stopped = true
		bg, stopBg := app.background, app.stopBackground
		app.hooksMu.Unlock()
		if bg != nil {
			stopBg()
			if err := bg.KillWait(ctx); err != nil {
				errs = append(errs, err)
			}
			app.hooksMu.Lock()
			if app.background == bg { // a later Start begins with a fresh group
				app.background, app.backgroundCtx, app.stopBackground = nil, nil, nil
			}
			app.hooksMu.Unlock()
		}
		unwatch()
		return errors.Join(errs...)
	}
}
