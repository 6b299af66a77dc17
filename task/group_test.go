package task_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/task"
)

func TestGroupFailFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := task.NewGroup(t.Context(), task.GroupConfig{})
		errFirst := errors.New("first")
		var cancelled atomic.Int32
		for range 3 {
			g.Go(func(ctx context.Context) error {
				<-ctx.Done()
				cancelled.Add(1)
				return ctx.Err()
			})
		}
		g.Go(func(context.Context) error { time.Sleep(time.Second); return errFirst })
		g.Go(func(context.Context) error { time.Sleep(2 * time.Second); return errors.New("second") })
		start := time.Now()
		err := g.Wait()
		if err != errFirst {
			t.Errorf("Wait = %v, want the first error", err)
		}
		if cancelled.Load() != 3 {
			t.Errorf("%d tasks saw cancellation, want 3", cancelled.Load())
		}
		// The second task ignores its context; Wait waits for it anyway.
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("Wait took %v", d)
		}
		if g.Context().Err() == nil {
			t.Error("group context not cancelled")
		}
	})
}

func TestGroupCollectAllInSpawnOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := task.NewGroup(t.Context(), task.GroupConfig{CollectAll: true})
		var finished atomic.Int32
		for i, d := range []time.Duration{3, 1, 0, 2} {
			g.Go(func(ctx context.Context) error {
				time.Sleep(d * time.Second)
				finished.Add(1)
				if i == 2 {
					return nil
				}
				return fmt.Errorf("task %d", i)
			})
		}
		err := g.Wait()
		if finished.Load() != 4 {
			t.Errorf("%d finished; collect-all must let all run", finished.Load())
		}
		if err == nil || err.Error() != "task 0\ntask 1\ntask 3" {
			t.Errorf("Wait = %q, want errors in spawn order", err)
		}
	})
}

func TestGroupZeroValue(t *testing.T) {
	var g task.Group
	var n atomic.Int32
	for range 10 {
		g.Go(func(context.Context) error { n.Add(1); return nil })
	}
	if err := g.Wait(); err != nil || n.Load() != 10 {
		t.Errorf("Wait = %v, ran %d", err, n.Load())
	}
}

func TestGroupLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := task.NewGroup(t.Context(), task.GroupConfig{Limit: 3})
		var now, peak atomic.Int32
		for range 21 { // a multiple of the limit: the group is full after the last Go
			g.Go(func(context.Context) error {
				n := now.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				time.Sleep(time.Second)
				now.Add(-1)
				return nil
			})
		}
		if g.TryGo(func(context.Context) error { return nil }) {
			t.Error("TryGo succeeded with the group full")
		}
		g.Wait()
		if peak.Load() != 3 {
			t.Errorf("peak concurrency %d, want 3", peak.Load())
		}
	})
}

func TestGroupKillAllAndLen(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := task.NewGroup(t.Context(), task.GroupConfig{CollectAll: true})
		for range 5 {
			g.Go(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
		}
		typed := task.Spawn(t.Context(), task.Spec{Group: g}, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 1, ctx.Err()
		})
		synctest.Wait()
		if g.Len() != 6 {
			t.Errorf("Len = %d, want 6", g.Len())
		}
		g.KillAll()
		err := g.Wait()
		if !errors.Is(err, context.Canceled) || g.Len() != 0 || typed.State() != task.Killed {
			t.Errorf("Wait = %v, Len %d, typed %v", err, g.Len(), typed.State())
		}
	})
}

func TestGroupKillWaitStuck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := task.NewGroup(t.Context(), task.GroupConfig{})
		release := make(chan struct{})
		g.Go(func(context.Context) error { <-release; return nil })
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if err := g.KillWait(ctx); !errors.Is(err, task.ErrStuck) {
			t.Errorf("KillWait = %v", err)
		}
		close(release)
		g.Wait()
	})
}

func TestGroupPanicFailsFast(t *testing.T) {
	g := task.NewGroup(t.Context(), task.GroupConfig{Registry: new(task.Registry)})
	g.Go(func(ctx context.Context) error { <-ctx.Done(); return nil })
	g.Go(func(context.Context) error { panic("in group") })
	var pe *task.PanicError
	if err := g.Wait(); !errors.As(err, &pe) {
		t.Errorf("Wait = %v, want *PanicError", err)
	}
}
