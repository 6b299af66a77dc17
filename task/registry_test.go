package task_test

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/task"
)

func TestRegistrySnapshotAndRemoval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		counters := new(task.Counters)
		reg := &task.Registry{Metrics: counters}
		spawn := func(name, owner string, delay time.Duration) *task.Task[int] {
			return task.Spawn(t.Context(), task.Spec{Name: name, Owner: owner, Registry: reg, Delay: delay},
				func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() })
		}
		a := spawn("fetch", "req-1", 0)
		time.Sleep(time.Second)
		b := spawn("query", "req-2", 0)
		c := spawn("later", "", time.Minute)
		synctest.Wait()

		snap := reg.Snapshot()
		if len(snap) != 3 || reg.Len() != 3 {
			t.Fatalf("snapshot %+v", snap)
		}
		if snap[0].Name != "fetch" || snap[0].Owner != "req-1" || snap[0].State != task.Running || snap[0].Kind != task.KindTask {
			t.Errorf("oldest first: %+v", snap[0])
		}
		if in, ok := reg.Get(c.ID()); !ok || in.State != task.Pending {
			t.Errorf("Get(later) = %+v, %v", in, ok)
		}
		js, err := json.Marshal(snap[0])
		if err != nil || !strings.Contains(string(js), `"state":"running"`) || !strings.Contains(string(js), `"kind":"task"`) {
			t.Errorf("JSON %s, %v", js, err)
		}

		if err := reg.Kill(a.ID()); err != nil {
			t.Fatal(err)
		}
		a.Wait(t.Context())
		if _, ok := reg.Get(a.ID()); ok || reg.Len() != 2 {
			t.Error("ended task still registered")
		}
		if err := reg.Kill(a.ID()); !errors.Is(err, task.ErrNotFound) {
			t.Errorf("Kill of ended task = %v", err)
		}
		b.Kill()
		c.Kill()
		b.Wait(t.Context())
		c.Wait(t.Context())
		if reg.Len() != 0 {
			t.Errorf("Len = %d after all ended", reg.Len())
		}
		// c was killed while pending: it never started, so it is
		// counted neither as started nor as killed.
		v := counters.Snapshot()
		if v.Started != 2 || v.Killed != 2 || v.Finished != 2 || v.Running != 0 {
			t.Errorf("counters %+v", v)
		}
	})
}

func TestRegistryStack(t *testing.T) {
	reg := new(task.Registry)
	block := func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, nil }
	untracked := task.Spawn(t.Context(), task.Spec{Registry: reg}, block)
	reg.TrackGoroutines(true)
	started := make(chan struct{})
	tracked := task.Spawn(t.Context(), task.Spec{Registry: reg}, func(ctx context.Context) (int, error) {
		close(started)
		return parkInRecognisableFrame(ctx), nil
	})
	<-started
	if _, err := reg.Stack(untracked.ID()); !errors.Is(err, task.ErrNoGoroutine) {
		t.Errorf("untracked Stack err = %v", err)
	}
	stack, err := reg.Stack(tracked.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(stack), "parkInRecognisableFrame") || !strings.HasPrefix(string(stack), "goroutine ") {
		t.Errorf("stack:\n%s", stack)
	}
	if in, _ := reg.Get(tracked.ID()); in.Goroutine == 0 {
		t.Error("Info.Goroutine not recorded")
	}
	if _, err := reg.Stack(12345); !errors.Is(err, task.ErrNotFound) {
		t.Errorf("unknown ID: %v", err)
	}
	untracked.Kill()
	tracked.Kill()
	untracked.Wait(t.Context())
	tracked.Wait(t.Context())
}

//go:noinline
func parkInRecognisableFrame(ctx context.Context) int {
	<-ctx.Done()
	return 0
}

func TestCountersStates(t *testing.T) {
	c := new(task.Counters)
	reg := &task.Registry{Metrics: task.MultiMetrics{c}}
	spec := task.Spec{Registry: reg}
	task.Spawn(t.Context(), spec, func(context.Context) (int, error) { return 0, nil }).Wait(t.Context())
	task.Spawn(t.Context(), spec, func(context.Context) (int, error) { return 0, errors.New("x") }).Wait(t.Context())
	task.Spawn(t.Context(), spec, func(context.Context) (int, error) { panic("p") }).Wait(t.Context())
	v := c.Snapshot()
	if v.Started != 3 || v.Succeeded != 1 || v.Failed != 1 || v.Panicked != 1 || v.Running != 0 || v.Finished != 3 {
		t.Errorf("%+v", v)
	}
}

func TestDefaultRegistry(t *testing.T) {
	before := task.DefaultCounters.Snapshot().Started
	tk := task.Go(t.Context(), func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, nil })
	if _, ok := task.DefaultRegistry.Get(tk.ID()); !ok {
		t.Error("task.Go did not record in DefaultRegistry")
	}
	tk.Kill()
	tk.Wait(t.Context())
	if task.DefaultCounters.Snapshot().Started <= before {
		t.Error("DefaultCounters did not count")
	}
}

// Tasks that end free their places in the Registry for later ones, and
// the Registry finds exactly the live ones.
func TestRegistryReusesPlaces(t *testing.T) {
	reg := new(task.Registry)
	block := func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, nil }
	spawn := func(n int) []*task.Task[int] {
		ts := make([]*task.Task[int], n)
		for i := range ts {
			ts[i] = task.Spawn(t.Context(), task.Spec{Registry: reg}, block)
		}
		return ts
	}
	check := func(live, dead []*task.Task[int]) {
		t.Helper()
		if reg.Len() != len(live) || len(reg.Snapshot()) != len(live) {
			t.Fatalf("Len %d, Snapshot %d, want %d", reg.Len(), len(reg.Snapshot()), len(live))
		}
		for _, x := range live {
			if in, ok := reg.Get(x.ID()); !ok || in.ID != x.ID() {
				t.Fatalf("live task %d: Get = %+v, %v", x.ID(), in, ok)
			}
		}
		for _, x := range dead {
			if _, ok := reg.Get(x.ID()); ok {
				t.Fatalf("ended task %d still registered", x.ID())
			}
		}
	}
	first := spawn(500)
	var live, dead []*task.Task[int]
	for i, x := range first {
		if i%2 == 0 {
			x.Kill()
			x.Wait(t.Context())
			dead = append(dead, x)
		} else {
			live = append(live, x)
		}
	}
	check(live, dead)
	live = append(live, spawn(300)...)
	check(live, dead)
	ids := map[uint64]bool{}
	for _, x := range append(live, dead...) {
		if ids[x.ID()] {
			t.Fatalf("ID %d given twice", x.ID())
		}
		ids[x.ID()] = true
	}
	for _, x := range live {
		x.Kill()
		x.Wait(t.Context())
	}
	check(nil, append(live, dead...))
}

// Once a task is seen ended, by Wait or State, the Registry no longer
// holds it.
func TestEndedTaskIsOutOfRegistry(t *testing.T) {
	reg := new(task.Registry)
	for range 2000 {
		x := task.Spawn(t.Context(), task.Spec{Registry: reg}, func(context.Context) (int, error) { return 1, nil })
		for !x.State().Ended() {
			runtime.Gosched()
		}
		if _, ok := reg.Get(x.ID()); ok {
			t.Fatalf("task %d is %v and still in the Registry", x.ID(), x.State())
		}
		x.Wait(t.Context())
	}
}

func TestWatchPanics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var order []string
		var mu sync.Mutex
		note := func(s string) {
			mu.Lock()
			defer mu.Unlock()
			order = append(order, s)
		}
		reg := &task.Registry{OnPanic: func(task.Info, error) { note("OnPanic") }}
		stopA := reg.WatchPanics(func(in task.Info, err error) {
			if in.Name != "bad" || !errors.Is(err, errBoom) {
				t.Errorf("watcher got %+v, %v", in, err)
			}
			note("a")
		})
		stopB := reg.WatchPanics(func(task.Info, error) { note("b") })
		boom := func() {
			task.Spawn(t.Context(), task.Spec{Name: "bad", Registry: reg},
				func(context.Context) (int, error) { panic(errBoom) }).Wait(t.Context())
			synctest.Wait() // the hooks run in the task's goroutine, after it has ended
		}
		boom()
		stopA()
		stopA() // twice is fine
		boom()
		stopB()
		boom()
		want := []string{"OnPanic", "a", "b", "OnPanic", "b", "OnPanic"}
		mu.Lock()
		defer mu.Unlock()
		if !slices.Equal(order, want) {
			t.Errorf("calls %q, want %q", order, want)
		}
	})
}

var errBoom = errors.New("boom")

// WatchPanics may come and go while tasks panic: run with -race.
func TestWatchPanicsConcurrently(t *testing.T) {
	reg := new(task.Registry)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				stop := reg.WatchPanics(func(task.Info, error) {})
				runtime.Gosched()
				stop()
			}
		})
		wg.Go(func() {
			for range 50 {
				task.Spawn(t.Context(), task.Spec{Registry: reg},
					func(context.Context) (int, error) { panic("x") }).Wait(t.Context())
			}
		})
	}
	wg.Wait()
	heard := make(chan struct{}, 1)
	stop := reg.WatchPanics(func(task.Info, error) { heard <- struct{}{} })
	defer stop()
	task.Spawn(t.Context(), task.Spec{Registry: reg}, func(context.Context) (int, error) { panic("x") })
	<-heard
}

// Metrics hear of a delayed task when it starts running, not when it is
// spawned; one killed while pending is counted neither as started nor as
// ended, so that Running is what runs now.
func TestMetricsCountDelayedTaskWhenItStarts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		counters := new(task.Counters)
		reg := &task.Registry{Metrics: counters}
		release := make(chan struct{})
		later := task.Spawn(t.Context(), task.Spec{Name: "later", Registry: reg, Delay: time.Minute},
			func(context.Context) (int, error) { <-release; return 1, nil })
		dropped := task.Spawn(t.Context(), task.Spec{Name: "dropped", Registry: reg, Delay: time.Minute},
			func(context.Context) (int, error) { t.Error("a killed pending task ran"); return 0, nil })
		synctest.Wait()
		if v := counters.Snapshot(); v.Started != 0 || v.Running != 0 {
			t.Errorf("while pending: %+v", v)
		}
		dropped.Kill()
		if _, err := dropped.Wait(t.Context()); !errors.Is(err, context.Canceled) || dropped.State() != task.Killed {
			t.Errorf("dropped: %v, %v", err, dropped.State())
		}
		if v := counters.Snapshot(); v != (task.CounterValues{}) {
			t.Errorf("after killing a pending task: %+v, want all zero", v)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if v := counters.Snapshot(); v.Started != 1 || v.Running != 1 {
			t.Errorf("once started: %+v", v)
		}
		close(release)
		later.Wait(t.Context())
		synctest.Wait()
		if v := counters.Snapshot(); v.Started != 1 || v.Succeeded != 1 || v.Running != 0 || v.Killed != 0 {
			t.Errorf("at the end: %+v", v)
		}
	})
}

// A delayed task in a Pool counts as started when it has its slot and
// runs, not while it waits for one.
func TestMetricsCountPooledDelayedTaskWhenItRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		counters := new(task.Counters)
		reg := &task.Registry{Metrics: counters}
		p := task.NewPool(1)
		release := make(chan struct{})
		first := task.Spawn(t.Context(), task.Spec{Registry: reg, Pool: p},
			func(context.Context) (int, error) { <-release; return 0, nil })
		second := task.Spawn(t.Context(), task.Spec{Registry: reg, Pool: p, Delay: time.Second},
			func(context.Context) (int, error) { return 0, nil })
		time.Sleep(time.Second)
		synctest.Wait() // second's delay is over; it waits for the slot
		if v := counters.Snapshot(); v.Started != 1 || v.Running != 1 {
			t.Errorf("with the second waiting for a slot: %+v", v)
		}
		close(release)
		first.Wait(t.Context())
		second.Wait(t.Context())
		synctest.Wait()
		if v := counters.Snapshot(); v.Started != 2 || v.Succeeded != 2 || v.Running != 0 {
			t.Errorf("at the end: %+v", v)
		}
	})
}
