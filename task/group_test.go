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
		gctx := g.Context()
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
		if context.Cause(gctx) != errFirst {
			t.Errorf("group context's cause = %v, want the first error", context.Cause(gctx))
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

// A Group is used again after Wait, as a gevent Group is: tasks added
// after Wait run with a live context, and each Wait returns only the
// errors no earlier Wait returned.
func TestGroupReusableAfterWait(t *testing.T) {
	for _, collectAll := range []bool{false, true} {
		t.Run(fmt.Sprintf("CollectAll=%v", collectAll), func(t *testing.T) {
			g := task.NewGroup(t.Context(), task.GroupConfig{CollectAll: collectAll, Registry: new(task.Registry)})
			errOne, errTwo := errors.New("one"), errors.New("two")
			g.Go(func(context.Context) error { return errOne })
			first := g.Context()
			if err := g.Wait(); !errors.Is(err, errOne) {
				t.Fatalf("first Wait = %v", err)
			}
			if first.Err() == nil {
				t.Error("Wait did not cancel the round's context")
			}
			// Before the failure below, which cancels a fail-fast round.
			typed := task.Spawn(g.Context(), task.Spec{Group: g}, func(ctx context.Context) (int, error) {
				return 7, ctx.Err()
			})
			<-typed.Done()
			var ctxErr atomic.Value
			g.Go(func(ctx context.Context) error {
				ctxErr.Store(fmt.Sprint(ctx.Err()))
				return errTwo
			})
			err := g.Wait()
			if errors.Is(err, errOne) || !errors.Is(err, errTwo) {
				t.Errorf("second Wait = %v, want two only", err)
			}
			if got := ctxErr.Load(); got != "<nil>" {
				t.Errorf("task added after Wait started with ctx.Err() = %v", got)
			}
			if v, err := typed.Wait(t.Context()); v != 7 || err != nil {
				t.Errorf("typed task added after Wait = %v, %v", v, err)
			}
			if err := g.Wait(); err != nil {
				t.Errorf("third Wait = %v, want nil: everything was reported", err)
			}
		})
	}
}

func TestGroupFailuresReportsObserved(t *testing.T) {
	g := task.NewGroup(t.Context(), task.GroupConfig{CollectAll: true, Registry: new(task.Registry)})
	var all []*task.Task[int]
	spawn := func(name string, fn func(ctx context.Context) (int, error)) *task.Task[int] {
		tk := task.Spawn(g.Context(), task.Spec{Name: name, Owner: "req-1", Group: g}, fn)
		all = append(all, tk)
		return tk
	}
	errWaited, errChecked, errLinked, errIgnored := errors.New("waited"), errors.New("checked"), errors.New("linked"), errors.New("ignored")
	waited := spawn("waited", func(context.Context) (int, error) { return 0, errWaited })
	checked := spawn("checked", func(context.Context) (int, error) { return 0, errChecked })
	linked := spawn("linked", func(context.Context) (int, error) { return 0, errLinked })
	linked.OnError(func(error) {})
	spawn("ignored", func(context.Context) (int, error) { return 0, errIgnored })
	spawn("boom", func(context.Context) (int, error) { panic("boom") })
	spawn("fine", func(context.Context) (int, error) { return 1, nil })
	killed := spawn("killed", func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() })

	waited.Wait(t.Context())
	<-checked.Done()
	checked.Err()
	killed.Kill()
	// Each has ended by itself before KillWait: one it killed would have
	// ended Killed, not Failed.
	for _, tk := range all {
		<-tk.Done()
	}
	if err := g.KillWait(t.Context()); err != nil {
		t.Fatal(err)
	}

	type row struct {
		name     string
		state    task.State
		observed bool
	}
	var got []row
	for _, f := range g.Failures() {
		if f.Owner != "req-1" || f.ID == 0 || f.Err == nil {
			t.Errorf("failure %+v", f)
		}
		got = append(got, row{f.Name, f.State, f.Observed})
	}
	want := []row{
		{"waited", task.Failed, true},
		{"checked", task.Failed, true},
		{"linked", task.Failed, true},
		{"ignored", task.Failed, false},
		{"boom", task.Panicked, false},
		{"killed", task.Killed, false},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Failures = %v\nwant %v", got, want)
	}
	// Failures reports without consuming: Wait still returns them all.
	if err := g.Wait(); !errors.Is(err, errWaited) || !errors.Is(err, errIgnored) {
		t.Errorf("Wait = %v", err)
	}
	if fs := g.Failures(); len(fs) != 0 {
		t.Errorf("Failures after Wait = %+v", fs)
	}
}

func TestGroupFailuresFailFastHoldsTheFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := task.NewGroup(t.Context(), task.GroupConfig{Registry: new(task.Registry)})
		g.Go(func(context.Context) error { time.Sleep(time.Second); return errors.New("first") })
		g.Go(func(ctx context.Context) error { <-ctx.Done(); return errors.New("second") })
		synctest.Wait()
		if fs := g.Failures(); len(fs) != 0 {
			t.Errorf("Failures before any failure = %+v", fs)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		fs := g.Failures()
		if len(fs) != 1 || fs[0].Err.Error() != "first" || fs[0].State != task.Failed {
			t.Errorf("Failures = %+v, want the first error only", fs)
		}
		g.Wait()
	})
}

func TestGroupDiscardErrorsKeepsNone(t *testing.T) {
	g := task.NewGroup(t.Context(), task.GroupConfig{CollectAll: true, DiscardErrors: true, Registry: new(task.Registry)})
	var failed atomic.Int32
	for i := range 1000 {
		tk := task.Spawn(g.Context(), task.Spec{Group: g, Registry: new(task.Registry)}, func(context.Context) (int, error) {
			if i%2 == 0 {
				panic("even")
			}
			return 0, errors.New("odd")
		})
		tk.OnError(func(error) { failed.Add(1) })
	}
	if err := g.KillWait(t.Context()); err != nil {
		t.Fatal(err)
	}
	if fs := g.Failures(); len(fs) != 0 {
		t.Errorf("Failures kept %d", len(fs))
	}
	if err := g.Wait(); err != nil {
		t.Errorf("Wait = %v, want nil", err)
	}
	if failed.Load() != 1000 {
		t.Errorf("%d OnError callbacks ran, want 1000: the errors are still on the tasks", failed.Load())
	}
}
