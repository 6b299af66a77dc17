package task_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/task"
)

// A panic in OnRestart used to end the process from the service's
// goroutine. It is reported as a callback's panic and the restart goes on.
func TestSupervisorOnRestartPanicIsRecovered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		reg := new(task.Registry)
		var reported atomic.Int32
		stopWatch := reg.WatchPanics(func(in task.Info, err error) {
			if errors.Is(err, task.ErrCallbackPanic) && in.Name == "flaky" {
				reported.Add(1)
			}
		})
		defer stopWatch()
		var runs atomic.Int32
		s := task.NewSupervisor(task.SupervisorConfig{
			Backoff: exact, MaxRestarts: -1, Registry: reg,
			OnRestart: func(string, error, time.Duration) { panic("logging broke") },
		})
		s.Add("flaky", task.ServiceFunc(func(ctx context.Context) error {
			if runs.Add(1) < 3 {
				return errors.New("down")
			}
			<-ctx.Done()
			return nil
		}), task.Always)
		stop := serve(t, s)
		time.Sleep(time.Minute)
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		if runs.Load() != 3 || reported.Load() != 2 {
			t.Errorf("%d runs, %d panics reported; want 3 and 2", runs.Load(), reported.Load())
		}
	})
}

// TryGo, like Go, does not run fn for a ctx that is already done; it used
// to, whenever a slot was free.
func TestPoolTryGoRefusesDoneContext(t *testing.T) {
	p := task.NewPool(1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Bool
	if p.TryGo(ctx, func(context.Context) error { ran.Store(true); return nil }) {
		t.Error("TryGo reported that it started fn with a done ctx")
	}
	if err := p.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ran.Load() {
		t.Error("fn ran")
	}
	if p.Free() != 1 {
		t.Errorf("Free = %d, want 1", p.Free())
	}
}
