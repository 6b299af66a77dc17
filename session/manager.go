package session

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/pylonweb/pylon"
)

// Manager loads a request's session from its store before the handler
// runs and saves it, with the cookie, before the response is written. It
// is a pylon.Plugin (Install) and net/http middleware (Handler). Its
// methods may be called concurrently; Close ends it. A failing store never
// makes it panic: requests get a 503 (see the package doc).
//
// One Manager serves an App: the package's functions (Get, Put, Renew,
// Flash...) find the session of the innermost Manager on the request.
type Manager struct {
	// Logger receives the lines about stores that fail and sessions that
	// cannot be decoded. If not set, Install sets it to the App's logger; a
	// Manager used without an App logs to slog.Default().
	Logger *slog.Logger

	cfg   Config
	store Store
	guard guard // store, as scs uses it
	scs   *scs.SessionManager

	closeStore func() error
	closeOnce  sync.Once
	closeErr   error
}

// New returns a Manager with the store cfg names, opened and checked with
// ctx: a SQL table is created if missing. The Manager owns that store;
// Close closes it.
func New(ctx context.Context, cfg Config) (*Manager, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	store, closeStore, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	m := newManager(cfg, store)
	m.closeStore = closeStore
	return m, nil
}

// NewWithStore returns a Manager that keeps sessions in store, ignoring
// cfg's Store, URL, Table, Prefix and CleanupInterval. The caller keeps
// ownership of store: Close does not close it.
func NewWithStore(cfg Config, store Store) (*Manager, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return newManager(cfg, store), nil
}

func newManager(cfg Config, store Store) *Manager {
	s := scs.New()
	g := newGuard(store)
	s.Store = g
	s.Lifetime = cfg.Lifetime.Std()
	s.IdleTimeout = cfg.IdleTimeout.Std()
	s.Cookie.Name = cfg.CookieName
	return &Manager{cfg: cfg, store: store, guard: g, scs: s}
}

// expiry is when a session with the absolute deadline saved now expires:
// scs's rule, for commits that do not go through scs.
func (m *Manager) expiry(deadline time.Time) time.Time {
	if idle := m.cfg.IdleTimeout.Std(); idle > 0 {
		if e := time.Now().Add(idle).UTC(); e.Before(deadline) {
			return e
		}
	}
	return deadline
}

// Config returns the Manager's configuration with the defaults filled in.
func (m *Manager) Config() Config { return m.cfg }

// Store returns the Manager's store.
func (m *Manager) Store() Store { return m.store }

// Close closes the store if New opened it, stopping its cleanup goroutine.
// Close may be called more than once; Install arranges for the App's stop
// hooks to call it.
func (m *Manager) Close() error {
	m.closeOnce.Do(func() {
		if m.closeStore != nil {
			m.closeErr = m.closeStore()
		}
	})
	return m.closeErr
}

// Name returns "session", the plugin's name and configuration section.
func (m *Manager) Name() string { return "session" }

// Install adds the Manager to app: its middleware at this point of the
// stack (install it after middleware.RequestID and middleware.Logger, so
// its log lines carry the request ID) and a stop hook that closes it.
func (m *Manager) Install(app *pylon.App) error {
	if m.Logger == nil {
		m.Logger = app.Logger
	}
	app.UseContext(m.middleware)
	app.Use(m.Handler)
	app.OnStop(func(context.Context) error { return m.Close() })
	return nil
}

func (m *Manager) logger() *slog.Logger {
	if m.Logger != nil {
		return m.Logger
	}
	return slog.Default()
}

// secure reports whether the cookie gets the Secure attribute on a
// request that came over HTTPS (https) or not.
func (m *Manager) secure(https bool) bool {
	switch m.cfg.Secure {
	case "always":
		return true
	case "never":
		return false
	}
	return https
}

// statusError turns a failure to load or save a session into the error
// a handler would return: 503 for the store, 500 for anything else (a
// value gob cannot encode, say).
func statusError(err error) *pylon.HTTPError {
	if isStoreError(err) {
		return pylon.NewHTTPError(http.StatusServiceUnavailable, "session store unavailable").WithInternal(err)
	}
	return pylon.ErrInternal.WithInternal(err)
}
