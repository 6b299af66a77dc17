package pylon

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pylonweb/pylon/route"
	"github.com/pylonweb/pylon/task"

	"github.com/pylonweb/pylon/internal/forwarded"
	"github.com/pylonweb/pylon/internal/recorder"
)

// App is a Pylon application and an http.Handler. Register routes,
// middleware and plugins first, then serve it with Run or any http.Server.
// ServeHTTP may be called concurrently; registering routes or middleware
// after the first request is served panics, since the handler chain is
// fixed then.
type App struct {
	routes

	// Logger receives the App's log lines. If nil, New's logger, which
	// writes text lines to standard error at Config.Log's level.
	Logger *slog.Logger

	// ErrorHandler turns an error returned by a handler into a response.
	// If it panics, the App logs the panic ("pylon: error handler
	// panicked", with the stack and the error) and answers a plain 500 if
	// nothing was written. If nil, DefaultErrorHandler.
	ErrorHandler func(c *Context, err error)

	// Registry records the App's tasks and services, for the task monitor
	// and metrics. If nil, task.DefaultRegistry. Set it before adding
	// services or serving.
	Registry *task.Registry

	config  Config
	router  route.Router
	trusted []netip.Prefix

	layers  []layer
	once    sync.Once
	handler Handler
	serving atomic.Bool

	contexts sync.Pool

	hooksMu sync.Mutex
	onStart []Hook
	onStop  []Hook
	// onShutdown run when shutdown begins; see OnShutdown.
	onShutdown []func()
	plugins    []Plugin
	funcs      template.FuncMap

	// groupAnswers is set once a route has Group middleware, through which
	// the automatic OPTIONS and 405 answers at its path then run.
	groupAnswers bool

	sup            *task.Supervisor
	taskState      appTaskState // tasks.go's: service settings, ServicesFailed
	background     *task.Group
	backgroundCtx  context.Context
	stopBackground context.CancelFunc

	// lifeMu orders Start and Stop; stopServices is set while the
	// services run (between Start and Stop).
	lifeMu       sync.Mutex
	stopServices func(context.Context) error
}

// New returns an App with the given configuration. It panics if
// cfg.TrustedProxies holds an entry that is neither an IP address nor a
// CIDR range; LoadConfig reports that as an error first.
func New(cfg Config) *App {
	trusted, err := parseTrustedProxies(cfg.TrustedProxies)
	if err != nil {
		panic("pylon.New: " + err.Error())
	}
	app := &App{
		config:  cfg,
		trusted: trusted,
		Logger:  newLogger(cfg),
		funcs:   template.FuncMap{},
	}
	app.routes.app = app
	app.funcs["url"] = func(name string, pairs ...any) (string, error) { return app.URL(name, pairs...) }
	app.router.RedirectTrailingSlash = true
	app.contexts.New = func() any {
		c := &Context{app: app}
		c.rw.c = c
		return c
	}
	return app
}

// Config returns the App's configuration.
func (app *App) Config() *Config { return &app.config }

// Debug reports whether debug mode is on.
func (app *App) Debug() bool { return app.config.Debug }

// Router returns the App's router, for settings such as
// RedirectTrailingSlash, which are read on every request. Change them
// before serving.
func (app *App) Router() *route.Router { return &app.router }

// Use appends net/http middleware to the App's stack. The stack runs for
// every request, before routing, so it sees 404 and 405 responses too.
func (app *App) Use(middleware ...func(http.Handler) http.Handler) {
	app.mustNotServe("Use")
	for _, m := range middleware {
		app.layers = append(app.layers, layer{std: m})
	}
}

// UseContext appends Pylon middleware to the App's stack, in order with
// the middleware added by Use.
func (app *App) UseContext(middleware ...Middleware) {
	app.mustNotServe("UseContext")
	for _, m := range middleware {
		app.layers = append(app.layers, layer{ctx: m})
	}
}

// ServeHTTP serves a request through the middleware stack and the router.
// A handler error or panic that comes after the response has started is
// logged, and then the response is aborted: ServeHTTP panics with
// http.ErrAbortHandler, which net/http's server recovers by cutting the
// connection or stream, so that a partial body is not taken for a whole.
func (app *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	app.once.Do(app.build)
	app.serve(app.handler, app.acquire(w, r))
}

// serve runs h with c, sends its error to the error handler and releases
// c. A panic with http.ErrAbortHandler goes on up to net/http, but only
// after c is released, so that the request's tasks are still cancelled,
// joined and their failures logged.
//
// An error (or panic) that comes after the response has started aborts
// it the same way, once it is logged: the status is gone, and ending the
// body normally would make a cut-off download look complete to the
// client, proxies and caches. net/http then closes the connection
// (HTTP/1) or resets the stream (HTTP/2), as it does for a panic.
func (app *App) serve(h Handler, c *Context) {
	defer app.release(c) // also before a panic leaves serve
	if app.run(h, c) {
		panic(http.ErrAbortHandler)
	}
}

// run runs h with c and answers its error. It reports whether the
// response must then be aborted (see startedBefore), which its caller
// does once c is in order.
func (app *App) run(h Handler, c *Context) (abort bool) {
	if err := app.call(h, c); err != nil {
		abort = c.startedBefore(err)
		app.answerError(c, err)
	}
	return abort
}

// startedBefore reports whether the response had started when err came,
// so that it must be aborted: a response that would otherwise look
// successful (see recorder.AbortsAt: not one whose status already says it
// failed, such as the 500 a session that could not be saved answers at
// the first write), and not for a client that has gone. A context.Canceled
// from elsewhere (an errgroup giving up) still aborts. Such an error is
// logged here when the error handler would not log it.
func (c *Context) startedBefore(err error) bool {
	code := c.startedStatus()
	if code == 0 || !recorder.AbortsAt(code) || errors.Is(err, http.ErrBodyNotAllowed) {
		return false
	}
	status := c.StatusOf(err)
	if status == 499 {
		return false // the client is gone: nobody to mislead
	}
	if status < 500 { // LogError logs only 5xx
		c.Logger().LogAttrs(c.req.Context(), slog.LevelError, "pylon: response aborted: the handler failed after it started",
			slog.String("error", err.Error()), slog.Int("status", code))
	}
	return true
}

func (app *App) build() {
	app.serving.Store(true)
	app.handler = app.compose(app.layers, app.dispatch)
}

func (app *App) mustNotServe(what string) {
	if app.serving.Load() {
		panic(fmt.Sprintf("pylon: %s called after the App started serving", what))
	}
}

// call runs h, turning a panic into a *PanicError. http.ErrAbortHandler
// is re-panicked, since net/http uses it to abort a response on purpose.
// The deferred function calls recover only when h did not return, so the
// common path pays for the defer alone.
func (app *App) call(h Handler, c *Context) (err error) {
	returned := false
	defer func() {
		if returned {
			return
		}
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			err = newPanicError(v)
		}
	}()
	err = h(c)
	returned = true
	return err
}

func newLogger(cfg Config) *slog.Logger {
	level, named := parseLogLevel(cfg.Log.Level)
	if !named && cfg.Debug {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(cfg.Log.Format, "json") {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// parseLogLevel reads log.level: debug, info, warn (or warning), error, in
// any case. It returns Info and false for "" or any other word; the
// config check (logLevel) refuses other words before newLogger runs.
func parseLogLevel(s string) (slog.Level, bool) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, true
	case "info":
		return slog.LevelInfo, true
	case "warn", "warning":
		return slog.LevelWarn, true
	case "error":
		return slog.LevelError, true
	}
	return slog.LevelInfo, false
}

func parseTrustedProxies(list []string) ([]netip.Prefix, error) {
	return forwarded.ParseProxies(list)
}
