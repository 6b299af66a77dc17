package pylon_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// A handler joins its tasks with Tasks().Wait and then starts more, as a
// gevent user would: the later tasks run with a live context, and each
// Wait returns only the errors no earlier Wait returned.
func TestRequestTasksReusableAfterWait(t *testing.T) {
	app := newApp(pylon.Config{})
	logs := recordLogs(app)
	app.Registry = &task.Registry{}
	errFirst, errSecond := errors.New("first failed"), errors.New("second failed")
	app.GET("/rounds", func(c *pylon.Context) error {
		c.Go("first", func(ctx context.Context) error { return errFirst })
		if err := c.Tasks().Wait(); !errors.Is(err, errFirst) {
			return fmt.Errorf("first Wait = %v", err)
		}
		c.Go("second", func(ctx context.Context) error {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("second started cancelled: %w", err)
			}
			return errSecond
		})
		n := pylon.Go(c, "count", func(ctx context.Context) (int, error) { return 3, ctx.Err() })
		err := c.Tasks().Wait()
		if errors.Is(err, errFirst) || !errors.Is(err, errSecond) {
			return fmt.Errorf("second Wait = %v, want the second error only", err)
		}
		v, err := n.Wait(c.Context())
		if err != nil || v != 3 {
			return fmt.Errorf("typed task after Wait = %v, %v", v, err)
		}
		if err := c.Tasks().Wait(); err != nil {
			return fmt.Errorf("third Wait = %v, want nil", err)
		}
		return c.String(200, "ok")
	})
	wantBody(t, do(t, app, "GET", "/rounds", ""), "ok")
	if recs := logs.records(t); len(recs) != 0 {
		t.Errorf("errors returned by Wait were logged: %v", recs)
	}
}
