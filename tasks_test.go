package pylon_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

func TestRequestTasksRunConcurrently(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	app.GET("/agg", func(c *pylon.Context) error {
		// Each part waits until both have started: only concurrent tasks finish.
		var started atomic.Int32
		both := make(chan struct{})
		part := func(name string) *task.Task[string] {
			return pylon.Go(c, name, func(ctx context.Context) (string, error) {
				if started.Add(1) == 2 {
					close(both)
				}
				select {
				case <-both:
					return name, nil
				case <-ctx.Done():
					return "", ctx.Err()
				}
			})
		}
		a, b := part("a"), part("b")
		va, err := a.Wait(c.Context())
		if err != nil {
			return err
		}
		vb, err := b.Wait(c.Context())
		if err != nil {
			return err
		}
		return c.String(200, va+vb)
	})
	wantBody(t, do(t, app, "GET", "/agg", ""), "ab")
}

func TestRequestTasksCancelledAndJoinedWhenHandlerReturns(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	var sawCancel atomic.Bool
	started := make(chan struct{})
	app.GET("/leave", func(c *pylon.Context) error {
		c.Go("slow", func(ctx context.Context) error {
			close(started)
			<-ctx.Done()
			time.Sleep(time.Millisecond) // still running after cancel: the App must wait
			sawCancel.Store(true)
			return ctx.Err()
		})
		<-started
		return c.String(200, "done")
	})
	wantBody(t, do(t, app, "GET", "/leave", ""), "done")
	if !sawCancel.Load() {
		t.Fatal("ServeHTTP returned before the task ended")
	}
	if n := app.Registry.Len(); n != 0 {
		t.Fatalf("%d tasks still registered", n)
	}
}

func TestRequestTaskPanicIsAnErrorNotACrash(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	app.GET("/p", func(c *pylon.Context) error {
		ok := c.Go("fine", func(ctx context.Context) error { return nil })
		bad := c.Go("bad", func(ctx context.Context) error { panic("part exploded") })
		_, okErr := ok.Wait(c.Context())
		_, badErr := bad.Wait(c.Context())
		var pe *pylon.PanicError
		if okErr != nil || !errors.As(badErr, &pe) || pe.Value != "part exploded" {
			return errors.New("unexpected results")
		}
		return c.String(200, "survived")
	})
	wantBody(t, do(t, app, "GET", "/p", ""), "survived")
}

func TestRequestTasksGroupWaitCollectsAllErrors(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	app.GET("/g", func(c *pylon.Context) error {
		c.Go("one", func(ctx context.Context) error { return errors.New("one failed") })
		c.Go("two", func(ctx context.Context) error { return errors.New("two failed") })
		c.Go("three", func(ctx context.Context) error { return nil })
		err := c.Tasks().Wait()
		return c.String(200, strings.ReplaceAll(err.Error(), "\n", "|"))
	})
	w := do(t, app, "GET", "/g", "")
	wantBodyContains(t, w, "one failed", "two failed")
}

func TestClientDisconnectCancelsRequestTasks(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	started := make(chan struct{})
	cancelled := make(chan struct{})
	app.GET("/long", func(c *pylon.Context) error {
		c.Go("wait", func(ctx context.Context) error {
			close(started)
			<-ctx.Done()
			close(cancelled)
			return ctx.Err()
		})
		return c.Tasks().Wait()
	})
	base, stop := serve(t, app)
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/long", nil)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	errc := make(chan error, 1)
	go func() {
		resp, err := tr.RoundTrip(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-started
	cancel() // the client goes away
	<-cancelled
	<-errc
}

func TestRequestTaskIgnoringCancellationIsReportedStuck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{TaskJoinTimeout: pylon.Duration(time.Second)})
		var logs strings.Builder
		app.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		app.Registry = &task.Registry{}
		release := make(chan struct{})
		app.GET("/stuck", func(c *pylon.Context) error {
			c.Go("deaf", func(ctx context.Context) error {
				<-release // ignores ctx
				return nil
			})
			return c.String(200, "ok")
		})
		wantBody(t, do(t, app, "GET", "/stuck", ""), "ok")
		if !strings.Contains(logs.String(), "request tasks ignored cancellation") || !strings.Contains(logs.String(), "stuck") {
			t.Errorf("log = %s", logs.String())
		}
		close(release)
		synctest.Wait()
	})
}

func TestServicesAndBackgroundRunWithTheServer(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	var runs atomic.Int32
	started, stopped := make(chan struct{}), make(chan struct{})
	err := app.Service("ticker", task.ServiceFunc(func(ctx context.Context) error {
		runs.Add(1)
		close(started)
		<-ctx.Done()
		close(stopped)
		return nil
	}), task.Always)
	if err != nil {
		t.Fatal(err)
	}
	bgDone := make(chan struct{})
	app.GET("/later", func(c *pylon.Context) error {
		app.Background("email", func(ctx context.Context) error {
			<-ctx.Done() // runs until shutdown
			close(bgDone)
			return nil
		})
		return c.NoContent(202)
	})
	base, stop := serve(t, app)
	resp, err := http.Get(base + "/later")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	if resp.StatusCode != 202 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	// The service runs in its own goroutine: a shutdown that came first
	// would stop it before it ever ran.
	<-started
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	<-stopped
	<-bgDone
	if runs.Load() != 1 {
		t.Fatalf("service ran %d times", runs.Load())
	}
	infos := app.Services()
	if len(infos) != 1 || infos[0].Name != "ticker" {
		t.Fatalf("services = %+v", infos)
	}
}

// addWaitingService adds a service, with policy Never, that runs until it
// is stopped; the channel is closed when it starts.
func addWaitingService(t *testing.T, app *pylon.App, name string) <-chan struct{} {
	t.Helper()
	started := make(chan struct{})
	if err := app.Service(name, task.ServiceFunc(func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		return nil
	}), task.Never); err != nil {
		t.Fatal(err)
	}
	return started
}

func TestServiceAddedWhileServingStarts(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	_, stop := serve(t, app)
	started := addWaitingService(t, app, "late")
	<-started
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestStartStopRunServices serves the App with a server of one's own, as
// Start's documentation says: Start starts the services, Stop stops them
// before the stop hooks run, and the App can be started again.
func TestStartStopRunServices(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	var events []string
	var mu sync.Mutex
	record := func(e string) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}
	running := make(chan struct{}, 1)
	if err := app.Service("worker", task.ServiceFunc(func(ctx context.Context) error {
		record("service started")
		running <- struct{}{}
		<-ctx.Done()
		record("service stopped")
		return nil
	}), task.Never); err != nil {
		t.Fatal(err)
	}
	app.OnStop(func(context.Context) error { record("stop hook"); return nil })

	for round := 1; round <= 2; round++ {
		events = nil
		if err := app.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := app.Start(context.Background()); err != nil { // no second set of services
			t.Fatal(err)
		}
		<-running
		if err := app.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := []string{"service started", "service stopped", "stop hook"}
		if !slices.Equal(events, want) {
			t.Errorf("round %d: events %q, want %q", round, events, want)
		}
	}
}

func TestFailedStartStartsNoServices(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Registry = &task.Registry{}
	started := addWaitingService(t, app, "worker")
	app.OnStart(func(context.Context) error { return errors.New("no database") })
	if err := app.Start(context.Background()); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Fatalf("Start = %v, want the hook's error", err)
	}
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
		t.Error("a service started although a start hook failed")
	default:
	}
}

func TestGoSpecTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{})
		app.Registry = &task.Registry{}
		app.GET("/t", func(c *pylon.Context) error {
			slow := pylon.GoSpec(c, task.Spec{Name: "slow", Timeout: time.Second}, func(ctx context.Context) (int, error) {
				<-ctx.Done()
				return 0, ctx.Err()
			})
			_, err := slow.Wait(c.Context())
			if !errors.Is(err, task.ErrTimeout) {
				return fmt.Errorf("err = %v", err)
			}
			return c.String(200, "timed out")
		})
		wantBody(t, do(t, app, "GET", "/t", ""), "timed out")
	})
}
