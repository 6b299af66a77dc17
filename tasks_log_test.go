package pylon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// logRecorder is a JSON log written by the App's goroutines and read by
// the test.
type logRecorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logRecorder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// records returns the log lines so far, decoded.
func (l *logRecorder) records(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var recs []map[string]any
	for line := range strings.Lines(l.buf.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// find returns the records whose message contains msg.
func (l *logRecorder) find(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, rec := range l.records(t) {
		if strings.Contains(rec["msg"].(string), msg) {
			out = append(out, rec)
		}
	}
	return out
}

// recordLogs makes the App log JSON to a recorder.
func recordLogs(app *pylon.App) *logRecorder {
	l := new(logRecorder)
	app.Logger = slog.New(slog.NewJSONHandler(l, nil))
	return l
}

// wantRecord checks that rec has each key with the value wanted; a value
// ending in "..." need only begin with the rest.
func wantRecord(t *testing.T, rec map[string]any, kv ...string) {
	t.Helper()
	for i := 0; i+1 < len(kv); i += 2 {
		got, _ := rec[kv[i]].(string)
		want := kv[i+1]
		if prefix, ok := strings.CutSuffix(want, "..."); ok {
			if !strings.HasPrefix(got, prefix) {
				t.Errorf("%s = %q, want it to begin with %q (record %v)", kv[i], got, prefix, rec)
			}
		} else if got != want {
			t.Errorf("%s = %q, want %q (record %v)", kv[i], got, want, rec)
		}
	}
}

// The audit's handler: two tasks fail, nobody looks, the response is a
// 200. Both failures are logged when the request ends, the panic with its
// stack; tasks that succeeded or were cancelled by the end are not.
func TestUnobservedRequestTaskFailuresAreLogged(t *testing.T) {
	app := newApp(pylon.Config{})
	logs := recordLogs(app)
	app.Registry = &task.Registry{}
	app.GET("/fire", func(c *pylon.Context) error {
		boom := c.Go("boom", func(ctx context.Context) error { panic("kaboom") })
		fail := c.Go("fail", func(ctx context.Context) error { return errors.New("upstream down") })
		fine := c.Go("fine", func(ctx context.Context) error { return nil })
		c.Go("slow", func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
		// Done does not observe the error: the handler never looks.
		<-boom.Done()
		<-fail.Done()
		<-fine.Done()
		return c.String(200, "ok")
	})
	wantBody(t, do(t, app, "GET", "/fire", "", "X-Request-Id", "req-42"), "ok")

	panics := logs.find(t, "pylon: request task panicked")
	if len(panics) != 1 {
		t.Fatalf("%d panic lines, want 1: %v", len(panics), logs.records(t))
	}
	wantRecord(t, panics[0], "level", "ERROR", "request_id", "req-42", "task", "boom", "error", "task: panic: kaboom")
	if stack, _ := panics[0]["stack"].(string); !strings.Contains(stack, "TestUnobservedRequestTaskFailuresAreLogged") {
		t.Errorf("stack lacks the panicking function:\n%s", stack)
	}
	failures := logs.find(t, "pylon: request task failed")
	if len(failures) != 1 {
		t.Fatalf("%d failure lines, want 1: %v", len(failures), logs.records(t))
	}
	wantRecord(t, failures[0], "level", "ERROR", "request_id", "req-42", "task", "fail", "error", "upstream down")
	if n := len(logs.records(t)); n != 2 {
		t.Errorf("%d log lines, want 2: %v", n, logs.records(t))
	}
}

// Failures the handler received are its own to report: they are not
// logged again when the request ends, however it received them.
func TestObservedRequestTaskFailuresAreNotLoggedAgain(t *testing.T) {
	app := newApp(pylon.Config{})
	logs := recordLogs(app)
	app.Registry = &task.Registry{}
	app.GET("/seen", func(c *pylon.Context) error {
		waited := c.Go("waited", func(ctx context.Context) error { return errors.New("a") })
		panicked := c.Go("panicked", func(ctx context.Context) error { panic("b") })
		checked := c.Go("checked", func(ctx context.Context) error { return errors.New("c") })
		linked := c.Go("linked", func(ctx context.Context) error { return errors.New("d") })
		linked.OnError(func(error) {})
		waited.Wait(c.Context())
		panicked.Wait(c.Context())
		<-checked.Done()
		checked.Err()
		c.Go("joined", func(ctx context.Context) error { return errors.New("e") })
		c.Tasks().Wait()
		return c.String(200, "handled")
	})
	wantBody(t, do(t, app, "GET", "/seen", ""), "handled")
	if recs := logs.records(t); len(recs) != 0 {
		t.Errorf("logged %v", recs)
	}
}

// A handler that returns a task's panic gets it logged once, by the error
// handler, with the stack; the end of the request does not log it again.
func TestReturnedTaskPanicIsLoggedOnce(t *testing.T) {
	app := newApp(pylon.Config{})
	logs := recordLogs(app)
	app.Registry = &task.Registry{}
	app.GET("/boom", func(c *pylon.Context) error {
		_, err := c.Go("part", func(ctx context.Context) error { panic("part exploded") }).Wait(c.Context())
		return err
	})
	w := do(t, app, "GET", "/boom", "")
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
	recs := logs.records(t)
	if len(recs) != 1 || recs[0]["msg"] != "request failed" {
		t.Fatalf("log = %v, want the error handler's line only", recs)
	}
	if stack, _ := recs[0]["stack"].(string); !strings.Contains(stack, "TestReturnedTaskPanicIsLoggedOnce") {
		t.Errorf("stack:\n%s", stack)
	}
}

// While the App is started, a service's panic is logged with its stack,
// besides the warning about its restart.
func TestServicePanicIsLoggedWithStack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{})
		logs := recordLogs(app)
		app.Registry = &task.Registry{}
		var runs atomic.Int32
		if err := app.Service("kaboom", task.ServiceFunc(func(ctx context.Context) error {
			if runs.Add(1) == 1 {
				panic("service kaboom")
			}
			<-ctx.Done()
			return nil
		}), task.OnFailure); err != nil {
			t.Fatal(err)
		}
		if err := app.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		panics := logs.find(t, "pylon: service panicked")
		if len(panics) != 1 {
			t.Fatalf("log = %v", logs.records(t))
		}
		wantRecord(t, panics[0], "level", "ERROR", "service", "kaboom", "supervisor", "app", "error", "task: panic: service kaboom")
		if stack, _ := panics[0]["stack"].(string); !strings.Contains(stack, "TestServicePanicIsLoggedWithStack") {
			t.Errorf("stack:\n%s", stack)
		}
		if len(logs.find(t, "pylon: restarting service")) != 1 {
			t.Errorf("no restart line: %v", logs.records(t))
		}
		if err := app.Stop(t.Context()); err != nil {
			t.Fatal(err)
		}
	})
}

// While the App is started, a panic in a task's callback is logged with
// its stack and the task's owner, and the user's Registry.OnPanic is left
// in place and still called. After Stop, the App logs no more.
func TestCallbackPanicIsLoggedAndOnPanicKept(t *testing.T) {
	app := newApp(pylon.Config{})
	logs := recordLogs(app)
	var userHook atomic.Int32
	app.Registry = &task.Registry{OnPanic: func(task.Info, error) { userHook.Add(1) }}
	app.GET("/cb", func(c *pylon.Context) error {
		t := c.Go("cb", func(ctx context.Context) error { return nil })
		t.OnDone(func(*task.Task[struct{}]) { panic("in callback") })
		return c.String(200, "ok")
	})
	if err := app.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	// The request's end waits for the task, and so for its callbacks.
	wantBody(t, do(t, app, "GET", "/cb", "", "X-Request-Id", "req-7"), "ok")
	recs := logs.find(t, "pylon: task callback panicked")
	if len(recs) != 1 {
		t.Fatalf("log = %v", logs.records(t))
	}
	wantRecord(t, recs[0], "level", "ERROR", "task", "cb", "owner", "req-7", "error", "task: callback panicked: in callback")
	if stack, _ := recs[0]["stack"].(string); !strings.Contains(stack, "TestCallbackPanicIsLoggedAndOnPanicKept") {
		t.Errorf("stack:\n%s", stack)
	}
	if userHook.Load() != 1 {
		t.Errorf("the user's OnPanic ran %d times, want 1", userHook.Load())
	}
	if err := app.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	do(t, app, "GET", "/cb", "")
	if n := len(logs.find(t, "callback panicked")); n != 1 || userHook.Load() != 2 {
		t.Errorf("after Stop: %d App lines (want 1), user hook %d (want 2)", n, userHook.Load())
	}
}

// An App on task.DefaultRegistry does not set its OnPanic, which belongs
// to the whole process.
func TestAppLeavesDefaultRegistryOnPanicAlone(t *testing.T) {
	if task.DefaultRegistry.OnPanic != nil {
		t.Skip("DefaultRegistry.OnPanic is set")
	}
	app := newApp(pylon.Config{})
	if err := app.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer app.Stop(t.Context())
	if task.DefaultRegistry.OnPanic != nil {
		t.Error("Start set DefaultRegistry.OnPanic")
	}
}
