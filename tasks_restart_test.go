package pylon_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// A Stop whose deadline passes leaves the supervisor stopping a deaf
// service; a Start before it has finished cannot run the services, and
// says so in the log rather than serve without them in silence.
func TestStartWhileServicesStillStoppingIsLogged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{})
		logs := recordLogs(app)
		app.Registry = &task.Registry{}
		if err := app.ConfigureServices(pylon.ServiceConfig{StopTimeout: time.Minute}); err != nil {
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
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		if err := app.Stop(ctx); err == nil {
			t.Fatal("Stop before the deaf service returned: nil error")
		}
		cancel()
		if err := app.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		recs := logs.find(t, "services did not start")
		if len(recs) != 1 {
			t.Fatalf("log = %v", logs.records(t))
		}
		wantRecord(t, recs[0], "level", "ERROR")
		close(release)
		app.Stop(t.Context())
		synctest.Wait()
	})
}
