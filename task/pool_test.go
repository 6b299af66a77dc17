package task_test

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/task"
)

// peakCounter records the most concurrent holders it has seen.
type peakCounter struct{ now, peak atomic.Int32 }

func (c *peakCounter) enter() {
	n := c.now.Add(1)
	for p := c.peak.Load(); n > p && !c.peak.CompareAndSwap(p, n); p = c.peak.Load() {
	}
}

func (c *peakCounter) leave() { c.now.Add(-1) }

func TestPoolBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := task.NewPool(4)
		var c peakCounter
		for i := range 40 {
			err := p.Go(t.Context(), func(context.Context) error {
				c.enter()
				defer c.leave()
				time.Sleep(time.Duration(i%3+1) * time.Second)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		if c.peak.Load() != 4 {
			t.Errorf("peak %d, want 4", c.peak.Load())
		}
		if p.Free() != 4 || p.Len() != 0 || p.Size() != 4 {
			t.Errorf("Free %d Len %d Size %d", p.Free(), p.Len(), p.Size())
		}
	})
}

func TestPoolGoGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := task.NewPool(1)
		release := make(chan struct{})
		p.Go(t.Context(), func(context.Context) error { <-release; return nil })
		if p.Free() != 0 {
			t.Errorf("Free = %d", p.Free())
		}
		if p.TryGo(t.Context(), func(context.Context) error { return nil }) {
			t.Error("TryGo on a full pool")
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		var ran atomic.Bool
		err := p.Go(ctx, func(context.Context) error { ran.Store(true); return nil })
		if !errors.Is(err, context.DeadlineExceeded) || ran.Load() {
			t.Errorf("Go = %v, ran %v", err, ran.Load())
		}
		tk := task.Spawn(ctx, task.Spec{Pool: p}, func(context.Context) (int, error) { return 1, nil })
		if _, err := tk.Wait(t.Context()); !errors.Is(err, context.DeadlineExceeded) || tk.State() != task.Killed {
			t.Errorf("Spawn in full pool: %v %v", err, tk.State())
		}
		close(release)
		p.Wait(t.Context())
	})
}

func TestPoolKillAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := task.NewPool(2)
		for range 2 {
			p.Go(t.Context(), func(ctx context.Context) error { <-ctx.Done(); return nil })
		}
		synctest.Wait()
		p.KillAll()
		if err := p.Wait(t.Context()); err != nil || p.Free() != 2 {
			t.Errorf("Wait %v Free %d", err, p.Free())
		}
	})
}

func TestPoolDelayedTaskWaitsForSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := task.NewPool(1)
		p.Go(t.Context(), func(context.Context) error { time.Sleep(5 * time.Second); return nil })
		start := time.Now()
		var ranAt time.Duration
		tk := task.Spawn(t.Context(), task.Spec{Pool: p, Delay: time.Second}, func(context.Context) (int, error) {
			ranAt = time.Since(start)
			return 0, nil
		})
		tk.Wait(t.Context())
		if ranAt != 5*time.Second {
			t.Errorf("ran at %v, want 5s", ranAt)
		}
	})
}

func TestNewPoolPanicsOnZero(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	task.NewPool(0)
}

func TestMapOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := task.NewPool(3)
		in := []int{5, 1, 4, 2, 3, 0}
		var c peakCounter
		out, err := task.Map(t.Context(), p, in, func(ctx context.Context, n int) (int, error) {
			c.enter()
			defer c.leave()
			time.Sleep(time.Duration(n) * time.Second) // finish out of order
			return n * 10, nil
		})
		if err != nil || !slices.Equal(out, []int{50, 10, 40, 20, 30, 0}) {
			t.Errorf("Map = %v, %v", out, err)
		}
		if c.peak.Load() > 3 {
			t.Errorf("peak %d > pool size", c.peak.Load())
		}
	})
}

func TestMapError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errBad := errors.New("bad")
		var cancelled atomic.Int32
		out, err := task.Map(t.Context(), nil, []int{0, 1, 2, 3}, func(ctx context.Context, n int) (int, error) {
			if n == 2 {
				return 0, errBad
			}
			<-ctx.Done()
			cancelled.Add(1)
			return 0, ctx.Err()
		})
		if err != errBad || out != nil || cancelled.Load() != 3 {
			t.Errorf("Map = %v, %v; cancelled %d", out, err, cancelled.Load())
		}
	})
}

func TestMapUnordered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got []int
		for v, err := range task.MapUnordered(t.Context(), task.NewPool(10), []int{3, 1, 2}, func(ctx context.Context, n int) (int, error) {
			time.Sleep(time.Duration(n) * time.Second)
			return n, nil
		}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		if !slices.Equal(got, []int{1, 2, 3}) {
			t.Errorf("got %v, want completion order", got)
		}
	})
}

func TestMapUnorderedEarlyBreak(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := task.NewPool(2)
		var started, cancelled atomic.Int32
		inputs := make([]int, 100)
		for i := range inputs {
			inputs[i] = i
		}
		for v, err := range task.MapUnordered(t.Context(), p, inputs, func(ctx context.Context, n int) (int, error) {
			started.Add(1)
			if n == 0 {
				return n, nil
			}
			<-ctx.Done()
			cancelled.Add(1)
			return n, ctx.Err()
		}) {
			if v != 0 || err != nil {
				t.Errorf("first result %v, %v", v, err)
			}
			break
		}
		// The iterator has returned: every call it started has ended.
		if started.Load() != cancelled.Load()+1 || p.Free() != 2 || p.Len() != 0 {
			t.Errorf("started %d cancelled %d free %d len %d", started.Load(), cancelled.Load(), p.Free(), p.Len())
		}
		if started.Load() > 3 {
			t.Errorf("started %d calls; the break should stop feeding", started.Load())
		}
	})
}

func TestMapUnorderedPanicAndCancelledInputs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		p := task.NewPool(1)
		var n, panics, cancels int
		for _, err := range task.MapUnordered(ctx, p, []int{0, 1, 2, 3}, func(ctx context.Context, i int) (int, error) {
			if i == 0 {
				panic("zero")
			}
			cancel()
			return i, ctx.Err()
		}) {
			n++
			var pe *task.PanicError
			switch {
			case errors.As(err, &pe):
				panics++
			case errors.Is(err, context.Canceled):
				cancels++
			}
		}
		if n != 4 || panics != 1 || cancels != 3 {
			t.Errorf("yields %d, panics %d, cancels %d", n, panics, cancels)
		}
	})
}

// A done context never gets a slot, even a free one: fn does not run.
func TestPoolDoneContextRunsNothing(t *testing.T) {
	p := task.NewPool(2)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var ran atomic.Bool
	if err := p.Go(ctx, func(context.Context) error { ran.Store(true); return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Go with a done ctx = %v", err)
	}
	tk := task.Spawn(ctx, task.Spec{Pool: p}, func(context.Context) (int, error) { ran.Store(true); return 1, nil })
	if _, err := tk.Wait(t.Context()); !errors.Is(err, context.Canceled) || tk.State() != task.Killed {
		t.Errorf("Spawn in a pool with a done ctx: %v %v", err, tk.State())
	}
	p.Wait(t.Context())
	if ran.Load() || p.Free() != 2 || p.Len() != 0 {
		t.Errorf("ran %v, Free %d, Len %d", ran.Load(), p.Free(), p.Len())
	}
}
