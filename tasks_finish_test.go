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
