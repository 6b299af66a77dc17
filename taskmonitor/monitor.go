package taskmonitor

import (
	"net/http"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// Monitor is the task monitor, a [pylon.Plugin]. Make it with New and
// install it with App.Plug. Its handlers may be called concurrently.
type Monitor struct {
	cfg     Config
	path    string
	app     *pylon.App
	reg     *task.Registry
	mounted bool
}

// New returns a monitor configured by cfg.
func New(cfg Config) *Monitor { return &Monitor{cfg: cfg} }

// Name returns "taskmonitor", the plugin's name and configuration section.
func (m *Monitor) Name() string { return "taskmonitor" }

// Install reads the App configuration's [taskmonitor] section over the
// Config given to New and, if the App is in debug mode or a token is set,
// mounts the monitor's routes under Config.Path and turns on goroutine
// tracking unless Config.NoStacks is set. Otherwise it adds nothing.
func (m *Monitor) Install(app *pylon.App) error {
	if err := app.Config().Section(m.Name(), &m.cfg); err != nil {
		return err
	}
	m.app, m.reg, m.path = app, app.TaskRegistry(), m.cfg.path()
	if !app.Debug() && m.cfg.Token == "" {
		return nil
	}
	if !m.cfg.NoStacks {
		m.reg.TrackGoroutines(true)
	}
	g := app.Group(m.path)
	g.UseContext(m.guard)
	g.Use(new(http.CrossOriginProtection).Handler)
	// Every method is routed here and checked by the handlers, so that a
	// caller who is not let in gets 404, never a 405 that would reveal
	// the route.
	g.Any("/", m.index)
	g.Any("/{id}/stack", m.stack)
	g.Any("/{id}/kill", m.kill)
	g.Any("/services/{name}/restart", m.restart)
	g.Any("/{rest...}", func(*pylon.Context) error { return pylon.ErrNotFound })
	m.mounted = true
	return nil
}

// Mounted reports whether Install mounted the monitor.
func (m *Monitor) Mounted() bool { return m.mounted }

// Path returns the path the monitor is mounted at.
func (m *Monitor) Path() string { return m.cfg.path() }

// allow answers 405 unless the request's method is one of methods.
func allow(c *pylon.Context, allowHeader string, methods ...string) error {
	for _, meth := range methods {
		if c.Request().Method == meth {
			return nil
		}
	}
	c.Header().Set("Allow", allowHeader)
	return pylon.ErrMethodNotAllowed
}
