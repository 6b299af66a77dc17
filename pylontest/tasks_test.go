package pylontest_test

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/pylontest"
	"github.com/pylonweb/pylon/task"
)

// A handler's request tasks run inside the synctest bubble too: their
// timers fire on the bubble's clock, so the test takes no real time.
func TestRequestTasksInSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := pylon.New(pylon.Config{})
		app.GET("/dashboard", func(c *pylon.Context) error {
			fetch := func(name string, d time.Duration) *task.Task[string] {
				return pylon.Go(c, name, func(ctx context.Context) (string, error) {
					select {
					case <-time.After(d):
						return name, nil
					case <-ctx.Done():
						return "", ctx.Err()
					}
				})
			}
			user, posts := fetch("user", 2*time.Second), fetch("posts", 3*time.Second)
			u, err := user.Wait(c.Context())
			if err != nil {
				return err
			}
			p, err := posts.Wait(c.Context())
			if err != nil {
				return err
			}
			return c.String(http.StatusOK, u+"+"+p)
		})
		pylontest.New(t, app).Get("/dashboard").MustStatus(200).MustContain("user+posts")
	})
}
