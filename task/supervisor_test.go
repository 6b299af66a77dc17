package task_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/task"
)

// exact is a backoff without jitter: 1s, 2s, 4s, 8s, 8s, ...
var exact = task.Backoff{Min: time.Second, Max: 8 * time.Second, Jitter: -1}

// runLog records when each run of a service started, relative to t0.
type runLog struct {
	mu     sync.Mutex
	t0     time.Time
	starts []time.Duration
}

func (l *runLog) record() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.starts = append(l.starts, time.Since(l.t0))
	return len(l.starts)
}

func (l *runLog) get() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.starts)
}

// serve runs s.Serve in the background and returns a function that stops
// it and returns its error.
func serve(t *testing.T, s *task.Supervisor) func() error {
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(ctx) }()
	return func() error { cancel(); return <-errc }
}

func TestSupervisorBackoffGrowth(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &runLog{t0: time.Now()}
		s := task.NewSupervisor(task.SupervisorConfig{Backoff: exact, MaxRestarts: -1, Registry: new(task.Registry)})
		s.Add("flaky", task.ServiceFunc(func(ctx context.Context) error {
			log.record()
			return errors.New("down")
		}), task.Always)
		stop := serve(t, s)
		time.Sleep(40 * time.Second)
		synctest.Wait()
		stop()
		want := []time.Duration{0, 1, 3, 7, 15, 23, 31, 39}
		for i := range want {
			want[i] *= time.Second
		}
		if got := log.get(); !slices.Equal(got, want) {
			t.Errorf("runs at %v, want %v", got, want)
		}
		info := s.Services()[0]
		if info.Restarts != 7 || info.LastError == nil || info.LastError.Error() != "down" {
			t.Errorf("info %+v", info)
		}
	})
}

func TestSupervisorBackoffResetsAfterLongRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		log := &runLog{t0: time.Now()}
		s := task.NewSupervisor(task.SupervisorConfig{Backoff: exact, MaxRestarts: -1, Registry: new(task.Registry)})
		s.Add("svc", task.ServiceFunc(func(ctx context.Context) error {
			if n := log.record(); n == 4 {
				time.Sleep(time.Minute) // a healthy run
			}
			return errors.New("down")
		}), task.OnFailure)
		stop := serve(t, s)
		time.Sleep(70 * time.Second)
		synctest.Wait()
		stop()
		// 0, +1, +2, +4 (runs a minute), then +1 again: 67, then +2: 69.
		want := []time.Duration{0, 1, 3, 7, 68, 70}
		for i := range want {
			want[i] *= time.Second
		}
		if got := log.get(); !slices.Equal(got, want) {
			t.Errorf("runs at %v, want %v", got, want)
		}
	})
}

func TestSupervisorPolicies(t *testing.T) {
	tests := []struct {
		policy   task.Policy
		err      error
		runs     int
		final    task.State
		restarts int
	}{
		{task.Always, nil, 4, task.Restarting, 3},
		{task.OnFailure, nil, 1, task.Succeeded, 0},
		{task.OnFailure, errors.New("x"), 4, task.Restarting, 3},
		{task.Never, errors.New("x"), 1, task.Failed, 0},
		{task.Never, nil, 1, task.Succeeded, 0},
	}
	for _, tt := range tests {
		t.Run(tt.policy.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var runs atomic.Int32
				s := task.NewSupervisor(task.SupervisorConfig{Backoff: exact, Registry: new(task.Registry)})
				s.Add("svc", task.ServiceFunc(func(ctx context.Context) error {
					runs.Add(1)
					return tt.err
				}), tt.policy)
				stop := serve(t, s)
				time.Sleep(7*time.Second + time.Millisecond) // runs at 0, 1, 3, 7
				synctest.Wait()
				info := s.Services()[0]
				if int(runs.Load()) != tt.runs || info.State != tt.final || info.Restarts != tt.restarts {
					t.Errorf("runs %d state %v restarts %d; want %d %v %d",
						runs.Load(), info.State, info.Restarts, tt.runs, tt.final, tt.restarts)
				}
				if err := stop(); err != nil {
					t.Errorf("Serve = %v", err)
				}
			})
		})
	}
}

func TestSupervisorPanicIsFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs atomic.Int32
		var panics atomic.Int32
		reg := &task.Registry{OnPanic: func(in task.Info, err error) {
			if in.Kind == task.KindService {
				panics.Add(1)
			}
		}}
		s := task.NewSupervisor(task.SupervisorConfig{Backoff: exact, Registry: reg})
		s.Add("p", task.ServiceFunc(func(ctx context.Context) error {
			if runs.Add(1) == 1 {
				panic("first run")
			}
			<-ctx.Done()
			return nil
		}), task.OnFailure)
		stop := serve(t, s)
		time.Sleep(2 * time.Second)
		info := s.Services()[0]
		var pe *task.PanicError
		if runs.Load() != 2 || info.State != task.Running || !errors.As(info.LastError, &pe) || panics.Load() != 1 {
			t.Errorf("runs %d info %+v panics %d", runs.Load(), info, panics.Load())
		}
		if info.Uptime != time.Second {
			t.Errorf("uptime %v, want 1s", info.Uptime)
		}
		stop()
	})
}

func TestSupervisorIntensityEscalates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs atomic.Int32
		errDown := errors.New("down")
		s := task.NewSupervisor(task.SupervisorConfig{
			Name: "child", Backoff: exact, MaxRestarts: 3, Window: time.Minute, Registry: new(task.Registry),
		})
		s.Add("bad", task.ServiceFunc(func(ctx context.Context) error { runs.Add(1); return errDown }), task.Always)
		var stopped atomic.Bool
		s.Add("good", task.ServiceFunc(func(ctx context.Context) error { <-ctx.Done(); stopped.Store(true); return nil }), task.Always)
		start := time.Now()
		err := s.Serve(t.Context())
		if !errors.Is(err, task.ErrRestartIntensity) || !errors.Is(err, errDown) {
			t.Errorf("Serve = %v", err)
		}
		// Runs at 0, 1, 3, 7; the fourth failure would be restart four.
		if runs.Load() != 4 || time.Since(start) != 7*time.Second || !stopped.Load() {
			t.Errorf("runs %d after %v, good stopped %v", runs.Load(), time.Since(start), stopped.Load())
		}
	})
}

func TestSupervisorIntensityWindowSlides(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := task.NewSupervisor(task.SupervisorConfig{
			Backoff:     task.Backoff{Min: 10 * time.Second, Max: 10 * time.Second, Jitter: -1},
			MaxRestarts: 2, Window: 15 * time.Second, Registry: new(task.Registry),
		})
		s.Add("slow-fail", task.ServiceFunc(func(ctx context.Context) error { return errors.New("x") }), task.Always)
		stop := serve(t, s)
		time.Sleep(time.Minute) // one restart per 10s; at most two in any 15s
		if err := stop(); err != nil {
			t.Errorf("escalated although restarts were spread out: %v", err)
		}
	})
}

func TestNestedSupervisorRestartsChild(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		reg := new(task.Registry)
		child := task.NewSupervisor(task.SupervisorConfig{Name: "child", Backoff: exact, MaxRestarts: 1, Registry: reg})
		child.Add("bad", task.ServiceFunc(func(ctx context.Context) error { return errors.New("down") }), task.Always)
		var escalations atomic.Int32
		parent := task.NewSupervisor(task.SupervisorConfig{
			Name: "parent", Backoff: exact, MaxRestarts: -1, Registry: reg,
			OnRestart: func(name string, err error, _ time.Duration) {
				if name == "child" && errors.Is(err, task.ErrRestartIntensity) {
					escalations.Add(1)
				}
			},
		})
		parent.Add("child", child, task.OnFailure)
		stop := serve(t, parent)
		time.Sleep(10 * time.Second)
		if escalations.Load() < 2 {
			t.Errorf("parent restarted the child %d times", escalations.Load())
		}
		if err := stop(); err != nil {
			t.Errorf("parent Serve = %v", err)
		}
	})
}

func TestSupervisorStopsInReverseOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var events []string
		note := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
		s := task.NewSupervisor(task.SupervisorConfig{Registry: new(task.Registry)})
		for _, name := range []string{"db", "cache", "http"} {
			s.Add(name, task.ServiceFunc(func(ctx context.Context) error {
				<-ctx.Done()
				note("stopping " + name)
				time.Sleep(time.Second) // the next must wait for this one
				note("stopped " + name)
				return nil
			}), task.Always)
		}
		stop := serve(t, s)
		synctest.Wait()
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		want := []string{"stopping http", "stopped http", "stopping cache", "stopped cache", "stopping db", "stopped db"}
		if !slices.Equal(events, want) {
			t.Errorf("events %v", events)
		}
	})
}

func TestSupervisorStuckServiceOnShutdown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		s := task.NewSupervisor(task.SupervisorConfig{StopTimeout: 3 * time.Second, Registry: new(task.Registry)})
		s.Add("deaf", task.ServiceFunc(func(context.Context) error { <-release; return nil }), task.Always)
		stop := serve(t, s)
		synctest.Wait()
		start := time.Now()
		if err := stop(); !errors.Is(err, task.ErrStuck) || time.Since(start) != 3*time.Second {
			t.Errorf("Serve = %v after %v", err, time.Since(start))
		}
		close(release)
	})
}

func TestSupervisorRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs atomic.Int32
		reg := new(task.Registry)
		s := task.NewSupervisor(task.SupervisorConfig{Backoff: exact, Registry: reg})
		s.Add("svc", task.ServiceFunc(func(ctx context.Context) error {
			runs.Add(1)
			<-ctx.Done()
			return ctx.Err()
		}), task.Never)
		if err := s.Restart("svc"); err == nil {
			t.Error("Restart before Serve succeeded")
		}
		stop := serve(t, s)
		synctest.Wait()
		start := time.Now()
		if err := s.Restart("svc"); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if runs.Load() != 2 || time.Since(start) != 0 {
			t.Errorf("runs %d after %v; Restart must not back off", runs.Load(), time.Since(start))
		}
		if err := reg.Restart("svc"); err != nil { // through the registry
			t.Fatal(err)
		}
		synctest.Wait()
		info := s.Services()[0]
		if runs.Load() != 3 || info.Restarts != 2 || info.State != task.Running {
			t.Errorf("runs %d info %+v", runs.Load(), info)
		}
		if err := s.Restart("nope"); !errors.Is(err, task.ErrNotFound) {
			t.Errorf("Restart(unknown) = %v", err)
		}
		stop()
	})
}

func TestSupervisorRestartStoppedService(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs atomic.Int32
		s := task.NewSupervisor(task.SupervisorConfig{Registry: new(task.Registry)})
		s.Add("once", task.ServiceFunc(func(ctx context.Context) error { runs.Add(1); return nil }), task.Never)
		stop := serve(t, s)
		synctest.Wait()
		if runs.Load() != 1 || s.Services()[0].State != task.Succeeded {
			t.Fatalf("runs %d", runs.Load())
		}
		s.Restart("once")
		synctest.Wait()
		if runs.Load() != 2 {
			t.Errorf("runs %d after Restart of a stopped service", runs.Load())
		}
		stop()
	})
}

func TestSupervisorRegistry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		reg := &task.Registry{Metrics: new(task.Counters)}
		s := task.NewSupervisor(task.SupervisorConfig{Name: "app", Registry: reg, Backoff: exact})
		s.Add("worker", task.ServiceFunc(func(ctx context.Context) error { <-ctx.Done(); return nil }), task.Always)
		stop := serve(t, s)
		time.Sleep(time.Second)
		if err := s.Add("worker", nil, task.Always); err == nil {
			t.Error("duplicate Add succeeded")
		}
		s.Add("late", task.ServiceFunc(func(ctx context.Context) error { <-ctx.Done(); return nil }), task.Always)
		synctest.Wait()
		snap := reg.Snapshot()
		if len(snap) != 2 || snap[0].Name != "worker" || snap[0].Kind != task.KindService || snap[0].Owner != "app" ||
			snap[0].State != task.Running || snap[0].Goroutine == 0 || snap[1].Name != "late" {
			t.Errorf("snapshot %+v", snap)
		}
		if err := reg.Kill(snap[0].ID); err != nil { // restarts a service
			t.Error(err)
		}
		synctest.Wait()
		if in, _ := reg.Get(snap[0].ID); in.Restarts != 1 {
			t.Errorf("after Kill: %+v", in)
		}
		stop()
		if reg.Len() != 0 {
			t.Errorf("services still registered after Serve returned: %+v", reg.Snapshot())
		}
		if v := reg.Metrics.(*task.Counters).Snapshot(); v.Started != 3 || v.Running != 0 {
			t.Errorf("counters %+v", v)
		}
	})
}

func TestSupervisorServeTwiceConcurrently(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var s task.Supervisor // the zero value works
		stop := serve(t, &s)
		synctest.Wait()
		if err := s.Serve(t.Context()); err == nil {
			t.Error("second concurrent Serve succeeded")
		}
		stop()
	})
}

func TestBackoff(t *testing.T) {
	b := task.Backoff{Min: 100 * time.Millisecond, Max: time.Second, Jitter: -1}
	var got []time.Duration
	for i := 1; i <= 6; i++ {
		got = append(got, b.Delay(i))
	}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for i := range want {
		want[i] *= time.Millisecond
	}
	if !slices.Equal(got, want) {
		t.Errorf("delays %v", got)
	}
	if d := b.Delay(1 << 30); d != time.Second {
		t.Errorf("huge attempt: %v", d)
	}
	var zero task.Backoff
	for range 100 {
		if d := zero.Delay(1); d > 100*time.Millisecond || d < 80*time.Millisecond {
			t.Fatalf("default jitter out of bounds: %v", d)
		}
	}
	seen := map[time.Duration]bool{}
	for range 100 {
		seen[zero.Delay(3)] = true
	}
	if len(seen) < 10 {
		t.Errorf("jitter gives only %d distinct delays", len(seen))
	}
	if d := zero.Delay(100); d > 10*time.Second {
		t.Errorf("default max exceeded: %v", d)
	}
}

// LastError is the error of the last run that failed: a run ended by a
// stop or by Restart, which returns context.Canceled, did not fail.
func TestSupervisorLastErrorOnlyFromFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs atomic.Int32
		s := task.NewSupervisor(task.SupervisorConfig{Backoff: exact, Registry: new(task.Registry)})
		s.Add("svc", task.ServiceFunc(func(ctx context.Context) error {
			if runs.Add(1) == 1 {
				return errors.New("first run failed")
			}
			<-ctx.Done()
			return ctx.Err()
		}), task.OnFailure)
		s.Add("clean", task.ServiceFunc(func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}), task.Never)
		stop := serve(t, s)
		time.Sleep(time.Second) // the backoff before the second run
		synctest.Wait()
		lastErr := func(i int) error { return s.Services()[i].LastError }
		if err := lastErr(0); err == nil || err.Error() != "first run failed" {
			t.Fatalf("after a failure: LastError = %v", err)
		}
		if err := s.Restart("svc"); err != nil {
			t.Fatal(err)
		}
		if err := s.Restart("clean"); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if err := lastErr(0); err == nil || err.Error() != "first run failed" {
			t.Errorf("after Restart: LastError = %v, want the failure's", err)
		}
		if err := lastErr(1); err != nil {
			t.Errorf("a service only restarted: LastError = %v, want nil", err)
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		if err := lastErr(1); err != nil {
			t.Errorf("after a clean stop: LastError = %v, want nil", err)
		}
		if info := s.Services()[1]; info.State != task.Killed {
			t.Errorf("state after stop: %v", info.State)
		}
	})
}
