package task_test

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
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
		v := counters.Snapshot()
		if v.Started != 3 || v.Killed != 3 || v.Finished != 3 || v.Running != 0 {
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
