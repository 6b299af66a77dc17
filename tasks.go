package pylon

import (
	"context"
	"errors"
	"time"

	"github.com/pylonweb/pylon/task"
)

// requestTasks holds the tasks a request started with Context.Go.
type requestTasks struct {
	group *task.Group
	app   *App
	owner string
}

// defaultTaskJoinTimeout bounds how long the end of a request waits for
// tasks that ignore their cancelled context.
const defaultTaskJoinTimeout = 10 * time.Second

// Tasks returns the request's task group. Its tasks run with a context
// derived from the request's, so a client that goes away cancels them;
// when the handler returns, the App cancels the tasks still running and
// waits for them before the response completes. Wait on the group to join
// them earlier and collect their errors (all of them, joined).
func (c *Context) Tasks() *task.Group {
	if c.tasks == nil {
		owner := c.RequestID()
		c.tasks = &requestTasks{
			app:   c.app,
			owner: owner,
			group: task.NewGroup(c.req.Context(), task.GroupConfig{
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

// finish cancels the request's unfinished tasks and waits for them. It
// reports whether they all ended; if some ignore cancellation beyond the
// join timeout they are logged as stuck, and the Context must not be
// reused, since they may still hold it.
func (t *requestTasks) finish() bool {
	ctx, cancel := context.WithTimeout(context.Background(), t.app.taskJoinTimeout())
	defer cancel()
	err := t.group.KillWait(ctx)
	if err == nil {
		t.group.Wait() // releases the group's context
		return true
	}
	t.app.Logger.Error("pylon: request tasks ignored cancellation", "request_id", t.owner, "error", err)
	return false
}

func (app *App) taskJoinTimeout() time.Duration {
	return orDefault(app.config.TaskJoinTimeout, defaultTaskJoinTimeout)
}

// TaskRegistry returns the registry that records the App's tasks and
// services: App.Registry, or task.DefaultRegistry.
func (app *App) TaskRegistry() *task.Registry {
	if app.Registry != nil {
		return app.Registry
	}
	return task.DefaultRegistry
}

// supervisor returns the App's supervisor, made on first use.
func (app *App) supervisor() *task.Supervisor {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	if app.sup == nil {
		app.sup = task.NewSupervisor(task.SupervisorConfig{
			Name:     "app",
			Registry: app.TaskRegistry(),
			OnRestart: func(name string, err error, delay time.Duration) {
				app.Logger.Warn("pylon: restarting service", "service", name, "error", err, "delay", delay)
			},
		})
	}
	return app.sup
}

// Service adds a long-running service to the App's supervisor: it starts
// when the App starts (Start, which Run and Serve call), is restarted by
// policy with backoff when it fails, and is stopped by Stop, during
// shutdown after in-flight requests have drained, in reverse order of
// addition. Services added while the App is started start at once.
func (app *App) Service(name string, svc task.Service, policy task.Policy) error {
	return app.supervisor().Add(name, svc, policy)
}

// Services describes the App's services: state, restarts, last error.
func (app *App) Services() []task.ServiceInfo {
	return app.supervisor().Services()
}

// RestartService restarts the named service now.
func (app *App) RestartService(name string) error {
	return app.supervisor().Restart(name)
}

// Background starts fn as a task owned by the App rather than a request,
// for work that must outlive the request that asked for it. Its context is
// cancelled when the App shuts down, which then waits for it (up to the
// shutdown timeout). A panic in fn is logged with its stack.
func (app *App) Background(name string, fn func(ctx context.Context) error) *task.Task[struct{}] {
	app.hooksMu.Lock()
	if app.background == nil {
		app.backgroundCtx, app.stopBackground = context.WithCancel(context.Background())
		app.background = task.NewGroup(app.backgroundCtx, task.GroupConfig{
			CollectAll: true, Name: "background", Owner: "app", Registry: app.TaskRegistry(),
		})
	}
	g := app.background
	app.hooksMu.Unlock()
	t := task.Spawn(app.backgroundCtx, task.Spec{Name: name, Owner: "app", Group: g, Registry: app.TaskRegistry()},
		func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) })
	t.OnError(func(err error) {
		var pe *PanicError
		if errors.As(err, &pe) {
			app.Logger.Error("pylon: background task panicked", "task", name, "error", err, "stack", string(pe.Stack))
		} else if !errors.Is(err, context.Canceled) {
			app.Logger.Error("pylon: background task failed", "task", name, "error", err)
		}
	})
	return t
}

// runServices starts the App's supervisor, so that services added before
// or while serving run, and returns a function that stops them and the
// background tasks.
func (app *App) runServices(ctx context.Context) (stop func(context.Context) error) {
	sup := app.supervisor()
	supCtx, cancelSup := context.WithCancel(context.WithoutCancel(ctx))
	supDone := make(chan error, 1)
	go func() { supDone <- sup.Serve(supCtx) }()
	return func(ctx context.Context) error {
		var errs []error
		cancelSup()
		select {
		case err := <-supDone:
			errs = append(errs, err)
		case <-ctx.Done():
			errs = append(errs, errors.New("pylon: services did not stop before the shutdown deadline"))
		}
		app.hooksMu.Lock()
		bg, stopBg := app.background, app.stopBackground
		// A later Start begins with a fresh group.
		app.background, app.backgroundCtx, app.stopBackground = nil, nil, nil
		app.hooksMu.Unlock()
		if bg != nil {
			stopBg()
			if err := bg.KillWait(ctx); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	}
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
