package pylon_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// A panicking stop hook used to leave Stop at once: the hooks registered
// before it (a database's Close, say) never ran, and the panic went on up
// through Serve and Run. It is now that hook's error.
func TestStopHookPanicIsItsError(t *testing.T) {
	app := newApp(pylon.Config{})
	var closed bool
	app.OnStop(func(context.Context) error { closed = true; return nil })
	app.OnStop(func(context.Context) error { panic("stop boom") })
	if err := app.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	err := app.Stop(t.Context())
	var pe *pylon.PanicError
	if !errors.As(err, &pe) || pe.Value != "stop boom" || !strings.Contains(err.Error(), "stop hook 2") {
		t.Errorf("Stop = %v, want stop hook 2's panic", err)
	}
	if !closed {
		t.Error("the stop hook registered before the panicking one did not run")
	}
}

// A panicking start hook is Serve's error, like a failing one: the
// listener is closed and the stop hooks run.
func TestStartHookPanicIsServesError(t *testing.T) {
	app := newApp(pylon.Config{})
	var stopped bool
	app.OnStop(func(context.Context) error { stopped = true; return nil })
	app.OnStart(func(context.Context) error { panic("start boom") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	err = app.Serve(t.Context(), ln)
	var pe *pylon.PanicError
	if !errors.As(err, &pe) || pe.Value != "start boom" {
		t.Errorf("Serve = %v, want the start hook's panic", err)
	}
	if !stopped {
		t.Error("the stop hooks did not run")
	}
	if _, err := ln.Accept(); err == nil {
		t.Error("the listener is still open")
	}
}

// notifyHandler closes seen when a record with message msg is handled.
type notifyHandler struct {
	slog.Handler
	msg  string
	seen chan slog.Record
}

func (h notifyHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h notifyHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.seen <- r
	}
	return nil
}

// net/http runs OnShutdown functions in goroutines of their own, where a
// panic used to end the process. It is now logged with its stack.
func TestOnShutdownPanicIsLogged(t *testing.T) {
	app := newApp(pylon.Config{})
	seen := make(chan slog.Record, 1)
	app.Logger = slog.New(notifyHandler{slog.DiscardHandler, "pylon: shutdown function panicked", seen})
	app.OnShutdown(func() { panic("shutdown boom") })
	_, stop := serve(t, app)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	r := <-seen
	var hasStack bool
	r.Attrs(func(a slog.Attr) bool {
		hasStack = hasStack || a.Key == "stack" && strings.Contains(a.Value.String(), "goroutine")
		return true
	})
	if !hasStack {
		t.Error("the log record has no stack")
	}
}
