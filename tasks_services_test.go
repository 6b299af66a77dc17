package pylon_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// A service that keeps failing exhausts ServiceConfig.MaxRestarts: the
// supervisor stops every service, the App logs it at level error, closes
// ServicesFailed, and Stop returns the error.
func TestServicesGiveUpAfterMaxRestarts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{})
		logs := recordLogs(app)
		app.Registry = &task.Registry{}
		if err := app.ConfigureServices(pylon.ServiceConfig{
			MaxRestarts: 2,
			Window:      time.Minute,
			Backoff:     task.Backoff{Min: time.Second, Jitter: -1}, // 1s, then 2s
		}); err != nil {
			t.Fatal(err)
		}
		var runs atomic.Int32
		if err := app.Service("flaky", task.ServiceFunc(func(ctx context.Context) error {
			runs.Add(1)
			return errors.New("db down")
		}), task.Always); err != nil {
			t.Fatal(err)
		}
		steady := addWaitingService(t, app, "steady")
		failed := app.ServicesFailed() // before Start, as main would
		start := time.Now()
		if err := app.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		<-steady
		<-failed
		if d := time.Since(start); d != 3*time.Second || runs.Load() != 3 {
			t.Errorf("gave up after %v and %d runs, want 3s and 3 (two restarts allowed)", d, runs.Load())
		}
		recs := logs.find(t, "services restarted too often")
		if len(recs) != 1 {
			t.Fatalf("log = %v", logs.records(t))
		}
		wantRecord(t, recs[0], "level", "ERROR")
		if msg, _ := recs[0]["error"].(string); !strings.Contains(msg, "restart intensity exceeded") || !strings.Contains(msg, "db down") {
			t.Errorf("error = %q", msg)
		}
		for _, s := range app.Services() {
			if s.State == task.Running || s.State == task.Restarting {
				t.Errorf("%s is %v after the supervisor gave up", s.Name, s.State)
			}
		}
		if err := app.Stop(t.Context()); !errors.Is(err, task.ErrRestartIntensity) {
			t.Errorf("Stop = %v, want ErrRestartIntensity", err)
		}
		select {
		case <-app.ServicesFailed():
			t.Error("ServicesFailed after the failure is the closed channel, not one for the next time")
		default:
		}
	})
}

// When the services give up, Serve (and so Run) shuts down gracefully by
// itself and returns the supervisor's error.
func TestServeEndsWithTheErrorWhenServicesGiveUp(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	if err := app.ConfigureServices(pylon.ServiceConfig{
		MaxRestarts: 1,
		Backoff:     task.Backoff{Min: time.Millisecond, Jitter: -1},
	}); err != nil {
		t.Fatal(err)
	}
	if err := app.Service("flaky", task.ServiceFunc(func(ctx context.Context) error {
		return errors.New("db down")
	}), task.Always); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Serve(t.Context(), ln); !errors.Is(err, task.ErrRestartIntensity) {
		t.Errorf("Serve = %v, want ErrRestartIntensity", err)
	}
}

// A clean start and stop leaves ServicesFailed open, and a new Start makes
// a new one.
func TestServicesFailedStaysOpenOnCleanStop(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	started := addWaitingService(t, app, "worker")
	if err := app.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	<-started
	failed := app.ServicesFailed()
	if err := app.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-failed:
		t.Error("ServicesFailed closed by a clean Stop")
	default:
	}
}

func TestConfigureServicesBeforeSetupOnly(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	if s := app.Services(); s == nil || len(s) != 0 {
		t.Errorf("Services of an App without services = %#v, want empty", s)
	}
	if err := app.ConfigureServices(pylon.ServiceConfig{MaxRestarts: 3}); err != nil {
		t.Fatalf("before any service: %v", err)
	}
	addWaitingService(t, app, "worker")
	if err := app.ConfigureServices(pylon.ServiceConfig{MaxRestarts: 5}); err == nil {
		t.Error("ConfigureServices after Service succeeded")
	}
}

// ServiceConfig.StopTimeout bounds how long Stop waits for a service that
// ignores its context.
func TestServiceConfigStopTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{})
		app.Registry = &task.Registry{}
		if err := app.ConfigureServices(pylon.ServiceConfig{StopTimeout: 2 * time.Second}); err != nil {
			t.Fatal(err)
		}
		release := make(chan struct{})
		if err := app.Service("deaf", task.ServiceFunc(func(context.Context) error {
			<-release
			return nil
		}), task.Never); err != nil {
			t.Fatal(err)
		}
		if err := app.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		start := time.Now()
		err := app.Stop(t.Context())
		if !errors.Is(err, task.ErrStuck) || time.Since(start) != 2*time.Second {
			t.Errorf("Stop = %v after %v, want ErrStuck after 2s", err, time.Since(start))
		}
		close(release)
		synctest.Wait()
	})
}
