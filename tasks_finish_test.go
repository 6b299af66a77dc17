package pylon_test

import (
	"context"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// A task that starts another as the end of the request cancels it (a
// cleanup step, say) gets a cancelled one: the new task used to run with
// a live context, so the response waited the whole join timeout for it and
// logged it as stuck, although it honoured its context.
func TestTaskStartedWhileRequestEndsIsCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{})
		logs := recordLogs(app)
		app.Registry = &task.Registry{}
		var childCancelled atomic.Bool
		app.GET("/x", func(c *pylon.Context) error {
			c.Go("parent", func(ctx context.Context) error {
				<-ctx.Done()
				c.Go("child", func(ctx context.Context) error {
					<-ctx.Done()
					childCancelled.Store(true)
					return nil
				})
				return nil
			})
			return c.String(200, "ok")
		})
		ctx, cancel := context.WithCancel(context.Background())
		start := time.Now()
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequestWithContext(ctx, "GET", "/x", nil))
		cancelled := childCancelled.Load()
		cancel() // ends the child if the request's end did not
		synctest.Wait()
		wantBody(t, w, "ok")
		if !cancelled {
			t.Error("the task started during the request's end was not cancelled")
		}
		if d := time.Since(start); d != 0 {
			t.Errorf("the response waited %v (fake time) for the tasks", d)
		}
		if recs := logs.find(t, "ignored cancellation"); len(recs) > 0 {
			t.Errorf("logged as stuck: %v", recs)
		}
	})
}

// A background task started by another as the App stops, or after Stop,
// used to get a fresh, live context that no Stop would cancel: it outlived
// the shutdown (goleak saw it). It now starts cancelled and, if started
// by a task being stopped, Stop waits for it; after the next Start,
// background tasks run normally again.
func TestBackgroundStartedWhileStoppingIsCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{})
		app.Registry = &task.Registry{}
		if err := app.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		started := make(chan struct{})
		var flushEnded atomic.Bool
		app.Background("worker", func(ctx context.Context) error {
			close(started)
			<-ctx.Done()
			app.Background("flush", func(ctx context.Context) error {
				<-ctx.Done()
				flushEnded.Store(true)
				return nil
			})
			return nil
		})
		<-started
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		if err := app.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if !flushEnded.Load() {
			t.Error("a background task started during Stop was still running after it")
		}

		// After Stop: the context is done already.
		after := app.Background("late", func(ctx context.Context) error { <-ctx.Done(); return nil })
		if _, err := after.Wait(ctx); err != nil {
			t.Fatal(err)
		}

		// After the next Start: a live context again.
		if err := app.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		live := app.Background("live", func(ctx context.Context) error { return ctx.Err() })
		if _, err := live.Wait(ctx); err != nil {
			t.Errorf("a background task after a new Start got %v", err)
		}
		if err := app.Stop(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
