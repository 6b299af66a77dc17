package pylon_test

import (
	"context"
	"errors"
	"log/slog"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// countingHandler counts the records it is given and drops them.
type countingHandler struct {
	slog.Handler
	n *atomic.Int64
}

func (h countingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h countingHandler) Handle(context.Context, slog.Record) error { h.n.Add(1); return nil }

// Failed background tasks are logged and then forgotten: the App keeps no
// error of theirs until shutdown.
func TestBackgroundFailuresAreLoggedNotKept(t *testing.T) {
	// In a bubble, synctest.Wait waits until every task has ended, after
	// its callbacks.
	synctest.Test(t, func(t *testing.T) {
		const n = 20_000
		app := newApp(pylon.Config{})
		var logged atomic.Int64
		app.Logger = slog.New(countingHandler{slog.DiscardHandler, &logged})
		app.Registry = &task.Registry{}
		if err := app.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		// In batches, so that the goroutines' descriptors, which the
		// runtime keeps for reuse, are the same few each time.
		run := func(count int) {
			for i := 0; i < count; i += 100 {
				for range 100 {
					app.Background("send", func(context.Context) error { return errors.New("smtp: connection refused") })
				}
				synctest.Wait()
			}
		}
		run(n) // once to warm up
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		run(n)
		runtime.GC()
		runtime.ReadMemStats(&after)
		// Each failure used to keep about 48 bytes until shutdown.
		if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > n*8 {
			t.Errorf("heap grew by %d bytes over %d failed tasks (%.1f per task)", grew, n, float64(grew)/n)
		}
		if logged.Load() != 2*n {
			t.Errorf("%d failures logged, want %d", logged.Load(), 2*n)
		}
		if err := app.Stop(t.Context()); err != nil {
			t.Fatal(err)
		}
	})
}
