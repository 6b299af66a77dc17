package taskmonitor_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
	"github.com/pylonweb/pylon/taskmonitor"
)

// newApp returns an App with its own Registry and the monitor installed,
// and a /work route whose request task, named name, runs until it is
// killed or the request ends; started is told when the task runs.
func newApp(t *testing.T, debug bool, token, name string) (*pylon.App, *taskmonitor.Monitor, chan struct{}) {
	t.Helper()
	app := pylon.New(pylon.Config{Debug: debug})
	app.Logger = slog.New(slog.DiscardHandler)
	app.Registry = &task.Registry{Metrics: new(task.Counters)}
	started := make(chan struct{}, 1)
	app.GET("/work", func(c *pylon.Context) error {
		tk := c.Go(name, func(ctx context.Context) error {
			started <- struct{}{}
			<-ctx.Done()
			return ctx.Err()
		})
		_, err := tk.Wait(c.Context())
		return c.String(http.StatusOK, "task ended: "+tk.State().String()+": "+errString(err))
	})
	mon := taskmonitor.New(taskmonitor.Config{Token: token})
	if err := app.Plug(mon); err != nil {
		t.Fatal(err)
	}
	return app, mon, started
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// startWork starts GET /work in the background with the given request ID
// and waits until its task runs. The returned channel yields the response.
func startWork(t *testing.T, app http.Handler, started chan struct{}, requestID string) <-chan *httptest.ResponseRecorder {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		r := httptest.NewRequestWithContext(ctx, "GET", "/work", nil)
		r.Header.Set("X-Request-Id", requestID)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		done <- w
	}()
	<-started
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		default:
		}
	})
	return done
}

// do serves one request in process.
func do(app http.Handler, method, target string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	return w
}

// serve runs app.Serve on a loopback listener until the test ends, so that
// the App's services run.
func serve(t *testing.T, app *pylon.App) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("Serve: %v", err)
		}
	})
}

// eventually polls cond until it holds, failing the test after a generous
// bound: the bound only limits a broken test, it asserts nothing about
// speed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
