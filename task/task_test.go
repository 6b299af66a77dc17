package task_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/task"
)

func TestGoWaitSucceeds(t *testing.T) {
	reg := new(task.Registry)
	tk := task.Spawn(t.Context(), task.Spec{Name: "answer", Owner: "req-1", Registry: reg},
		func(ctx context.Context) (int, error) { return 42, nil })
	v, err := tk.Wait(t.Context())
	if v != 42 || err != nil {
		t.Fatalf("Wait = %v, %v; want 42, nil", v, err)
	}
	if tk.State() != task.Succeeded || tk.Alive() || !tk.Ready() || !tk.Successful() {
		t.Errorf("state %v alive %v ready %v successful %v", tk.State(), tk.Alive(), tk.Ready(), tk.Successful())
	}
	if tk.Name() != "answer" || tk.Owner() != "req-1" {
		t.Errorf("Name, Owner = %q, %q", tk.Name(), tk.Owner())
	}
	if tk.Value() != 42 || tk.Err() != nil {
		t.Errorf("Value, Err = %v, %v", tk.Value(), tk.Err())
	}
	if tk.Started().IsZero() || tk.Ended().Before(tk.Started()) {
		t.Errorf("Started %v Ended %v", tk.Started(), tk.Ended())
	}
	select {
	case <-tk.Done():
	default:
		t.Error("Done not closed after Wait")
	}
}

func TestStates(t *testing.T) {
	errBoom := errors.New("boom")
	block := func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() }
	tests := []struct {
		name string
		fn   func(context.Context) (int, error)
		kill bool
		want task.State
	}{
		{"succeeded", func(context.Context) (int, error) { return 1, nil }, false, task.Succeeded},
		{"failed", func(context.Context) (int, error) { return 0, errBoom }, false, task.Failed},
		{"killed", block, true, task.Killed},
		{"panicked", func(context.Context) (int, error) { panic("oops") }, false, task.Panicked},
		{"succeeds despite kill", func(ctx context.Context) (int, error) { <-ctx.Done(); return 1, nil }, true, task.Succeeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tk := task.Spawn(t.Context(), task.Spec{Registry: new(task.Registry)}, tt.fn)
				synctest.Wait()
				if tt.kill {
					if s := tk.State(); s != task.Running {
						t.Fatalf("before Kill: state %v, want running", s)
					}
					tk.Kill()
				}
				tk.Wait(t.Context())
				if got := tk.State(); got != tt.want {
					t.Errorf("state = %v, want %v", got, tt.want)
				}
			})
		})
	}
}

func TestStateStrings(t *testing.T) {
	want := "pending running succeeded failed killed panicked restarting"
	var got []string
	for s := task.Pending; s <= task.Restarting; s++ {
		got = append(got, s.String())
	}
	if strings.Join(got, " ") != want {
		t.Errorf("got %q", got)
	}
	if task.State(99).String() != "unknown" || !task.Killed.Ended() || task.Restarting.Ended() {
		t.Error("String or Ended wrong")
	}
}

func TestPanicBecomesError(t *testing.T) {
	synctest.Test(t, testPanicBecomesError)
}

func testPanicBecomesError(t *testing.T) {
	var reported atomic.Pointer[task.Info]
	reg := &task.Registry{OnPanic: func(in task.Info, err error) { reported.Store(&in) }}
	cause := errors.New("cause")
	tk := task.Spawn(t.Context(), task.Spec{Name: "bad", Registry: reg},
		func(context.Context) (int, error) { panic(cause) })
	_, err := tk.Wait(t.Context())
	var pe *task.PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *PanicError", err)
	}
	if pe.Value != cause || !errors.Is(err, cause) {
		t.Errorf("Value = %v; errors.Is(cause) = %v", pe.Value, errors.Is(err, cause))
	}
	if !strings.Contains(err.Error(), "cause") {
		t.Errorf("Error() = %q does not include the value", err.Error())
	}
	if !strings.Contains(string(pe.Stack), "task_test.testPanicBecomesError") {
		t.Errorf("stack lacks the panicking function:\n%s", pe.Stack)
	}
	synctest.Wait() // OnPanic runs in the task's goroutine, after it has ended
	if in := reported.Load(); in == nil || in.Name != "bad" || in.State != task.Panicked {
		t.Errorf("OnPanic got %+v", in)
	}
}

func TestGoexitEndsTask(t *testing.T) {
	tk := task.Go(t.Context(), func(context.Context) (int, error) {
		var wg sync.WaitGroup
		wg.Go(func() {})
		wg.Wait()
		runtimeGoexit()
		return 1, nil
	})
	if _, err := tk.Wait(t.Context()); !errors.Is(err, task.ErrGoexit) || tk.State() != task.Panicked {
		t.Errorf("err %v state %v", err, tk.State())
	}
}

func TestKillCancelsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var child context.Context
		tk := task.Go(t.Context(), func(ctx context.Context) (int, error) {
			var cancel context.CancelFunc
			child, cancel = context.WithTimeout(ctx, time.Hour)
			defer cancel()
			<-child.Done()
			return 0, child.Err()
		})
		synctest.Wait()
		tk.Kill()
		_, err := tk.Wait(t.Context())
		if !errors.Is(err, context.Canceled) || tk.State() != task.Killed {
			t.Errorf("err %v state %v", err, tk.State())
		}
	})
}

func TestParentCancelPropagates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithCancel(t.Context())
		tk := task.Go(parent, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, ctx.Err()
		})
		synctest.Wait()
		cancel()
		if _, err := tk.Wait(t.Context()); !errors.Is(err, context.Canceled) || tk.State() != task.Killed {
			t.Errorf("err %v state %v", err, tk.State())
		}
	})
}

func TestContextErrConsistentWithDone(t *testing.T) {
	parent, cancel := context.WithCancel(t.Context())
	ready := make(chan context.Context)
	tk := task.Go(parent, func(ctx context.Context) (int, error) {
		ready <- ctx
		<-ctx.Done()
		return 0, nil
	})
	ctx := <-ready
	if ctx.Err() != nil {
		t.Fatal("Err before cancel")
	}
	cancel()
	if ctx.Err() == nil {
		t.Fatal("Err nil after parent cancel")
	}
	select {
	case <-ctx.Done():
	default:
		t.Fatal("Err non-nil but Done open")
	}
	tk.Wait(t.Context())
}

func TestContextValuesAndDeadline(t *testing.T) {
	type key struct{}
	parent, cancel := context.WithDeadline(context.WithValue(t.Context(), key{}, "v"), time.Now().Add(time.Hour))
	defer cancel()
	tk := task.Go(parent, func(ctx context.Context) (string, error) {
		if _, ok := ctx.Deadline(); !ok {
			return "", errors.New("no deadline")
		}
		return ctx.Value(key{}).(string), nil
	})
	if v, err := tk.Wait(t.Context()); v != "v" || err != nil {
		t.Errorf("got %q, %v", v, err)
	}
}

func TestContextDoneAfterReturn(t *testing.T) {
	var leaked context.Context
	tk := task.Go(t.Context(), func(ctx context.Context) (int, error) { leaked = ctx; return 0, nil })
	tk.Wait(t.Context())
	select {
	case <-leaked.Done():
	default:
		t.Error("task context not done after the task returned")
	}
	if !errors.Is(leaked.Err(), context.Canceled) {
		t.Errorf("Err = %v", leaked.Err())
	}
}

func TestAfterFuncOnTaskContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ran, stopped atomic.Bool
		tk := task.Go(t.Context(), func(ctx context.Context) (int, error) {
			stop := context.AfterFunc(ctx, func() { ran.Store(true) })
			stop2 := context.AfterFunc(ctx, func() { stopped.Store(true) })
			if !stop2() {
				return 0, errors.New("stop returned false")
			}
			_ = stop
			<-ctx.Done()
			return 0, ctx.Err()
		})
		synctest.Wait()
		tk.Kill()
		tk.Wait(t.Context())
		synctest.Wait()
		if !ran.Load() || stopped.Load() {
			t.Errorf("ran %v stopped-func ran %v", ran.Load(), stopped.Load())
		}
	})
}

func TestWaitGivesUpWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tk := task.Go(t.Context(), func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, nil })
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if _, err := tk.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v", err)
		}
		if !tk.Alive() {
			t.Error("task ended when only Wait gave up")
		}
		tk.Kill()
		tk.Wait(t.Context())
	})
}

func TestKillWaitStuck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		tk := task.Go(t.Context(), func(context.Context) (int, error) { <-release; return 0, nil })
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		start := time.Now()
		err := tk.KillWait(ctx)
		if !errors.Is(err, task.ErrStuck) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("KillWait = %v, want ErrStuck and DeadlineExceeded", err)
		}
		if d := time.Since(start); d != 5*time.Second {
			t.Errorf("gave up after %v, want 5s", d)
		}
		close(release)
		tk.Wait(t.Context())
	})
}

func TestKillWaitCooperative(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tk := task.Go(t.Context(), func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() })
		synctest.Wait()
		if err := tk.KillWait(t.Context()); err != nil {
			t.Errorf("KillWait = %v", err)
		}
	})
}

func TestLater(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var ranAt time.Time
		tk := task.Later(t.Context(), 3*time.Second, func(context.Context) (int, error) {
			ranAt = time.Now()
			return 7, nil
		})
		synctest.Wait()
		if tk.State() != task.Pending || !tk.Started().IsZero() {
			t.Fatalf("state %v started %v; want pending", tk.State(), tk.Started())
		}
		v, err := tk.Wait(t.Context())
		if v != 7 || err != nil || ranAt.Sub(start) != 3*time.Second {
			t.Errorf("got %v, %v after %v", v, err, ranAt.Sub(start))
		}
	})
}

func TestLaterKilledWhilePending(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ran atomic.Bool
		tk := task.Later(t.Context(), time.Minute, func(context.Context) (int, error) { ran.Store(true); return 0, nil })
		time.Sleep(time.Second)
		tk.Kill()
		_, err := tk.Wait(t.Context())
		time.Sleep(2 * time.Minute)
		if ran.Load() || tk.State() != task.Killed || !errors.Is(err, context.Canceled) {
			t.Errorf("ran %v state %v err %v", ran.Load(), tk.State(), err)
		}
	})
}

func TestLaterParentCancelledWhilePending(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		tk := task.Later(ctx, time.Minute, func(context.Context) (int, error) { return 0, nil })
		cancel()
		if _, err := tk.Wait(t.Context()); !errors.Is(err, context.Canceled) || tk.State() != task.Killed {
			t.Errorf("err %v state %v", err, tk.State())
		}
	})
}

func TestCallbacksRunOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		tk := task.Go(t.Context(), func(context.Context) (int, error) { <-release; return 5, nil })
		var done, success, failure atomic.Int32
		const n = 50
		var wg sync.WaitGroup
		register := func() {
			tk.OnDone(func(*task.Task[int]) { done.Add(1) })
			tk.OnSuccess(func(v int) {
				if v == 5 {
					success.Add(1)
				}
			})
			tk.OnError(func(error) { failure.Add(1) })
		}
		for range n {
			wg.Go(register) // before the end
		}
		wg.Wait()
		close(release)
		for range n {
			wg.Go(register) // racing with and after the end
		}
		wg.Wait()
		tk.Wait(t.Context())
		synctest.Wait() // callbacks run in the task's goroutine after Done
		if done.Load() != 2*n || success.Load() != 2*n || failure.Load() != 0 {
			t.Errorf("done %d success %d failure %d, want %d %d 0", done.Load(), success.Load(), failure.Load(), 2*n, 2*n)
		}
	})
}

func TestOnErrorAndCallbackPanic(t *testing.T) {
	var panics atomic.Int32
	reg := &task.Registry{OnPanic: func(task.Info, error) { panics.Add(1) }}
	tk := task.Spawn(t.Context(), task.Spec{Registry: reg}, func(context.Context) (int, error) { return 0, errors.New("no") })
	tk.Wait(t.Context())
	var got error
	tk.OnError(func(err error) { got = err })
	tk.OnSuccess(func(int) { t.Error("OnSuccess ran for a failed task") })
	tk.OnDone(func(*task.Task[int]) { panic("bad callback") })
	if got == nil || got.Error() != "no" || panics.Load() != 1 {
		t.Errorf("OnError got %v; panics reported %d", got, panics.Load())
	}
}

func TestSpecTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tk := task.Spawn(t.Context(), task.Spec{Timeout: time.Second}, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, ctx.Err()
		})
		_, err := tk.Wait(t.Context())
		if !errors.Is(err, task.ErrTimeout) || tk.State() != task.Failed {
			t.Errorf("err %v state %v", err, tk.State())
		}
	})
}

// A panic in a callback reaches OnPanic as an error matching
// ErrCallbackPanic that holds the *PanicError; the task's own panic does
// not match ErrCallbackPanic.
func TestCallbackPanicIsToldApart(t *testing.T) {
	synctest.Test(t, testCallbackPanicIsToldApart)
}

func testCallbackPanicIsToldApart(t *testing.T) {
	var mu sync.Mutex
	var errs []error
	reg := &task.Registry{OnPanic: func(_ task.Info, err error) {
		mu.Lock()
		defer mu.Unlock()
		errs = append(errs, err)
	}}
	tk := task.Spawn(t.Context(), task.Spec{Registry: reg}, func(context.Context) (int, error) { panic("in fn") })
	tk.Wait(t.Context())
	synctest.Wait() // OnPanic runs in the task's goroutine, after it has ended
	tk.OnDone(func(*task.Task[int]) { panic("in callback") })
	mu.Lock()
	defer mu.Unlock()
	if len(errs) != 2 {
		t.Fatalf("OnPanic heard %d panics, want 2", len(errs))
	}
	var pe *task.PanicError
	if errors.Is(errs[0], task.ErrCallbackPanic) || !errors.As(errs[0], &pe) || pe.Value != "in fn" {
		t.Errorf("the task's panic: %v", errs[0])
	}
	if !errors.Is(errs[1], task.ErrCallbackPanic) || !errors.As(errs[1], &pe) || pe.Value != "in callback" {
		t.Errorf("the callback's panic: %v", errs[1])
	}
	if !strings.Contains(string(pe.Stack), "testCallbackPanicIsToldApart") {
		t.Errorf("callback panic stack:\n%s", pe.Stack)
	}
	if got := errs[1].Error(); got != "task: callback panicked: in callback" {
		t.Errorf("Error() = %q", got)
	}
}

// Wait and Err mark a failed task's error observed; Value and State do
// not.
func TestObservedOnlyWhenTheErrorIsHandedOut(t *testing.T) {
	reg := new(task.Registry)
	g := task.NewGroup(t.Context(), task.GroupConfig{CollectAll: true, Registry: reg})
	quiet := task.Spawn(t.Context(), task.Spec{Name: "quiet", Group: g, Registry: reg},
		func(context.Context) (int, error) { return 0, errors.New("x") })
	<-quiet.Done()
	quiet.Value()
	quiet.State()
	quiet.Ready()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	slow := task.Spawn(t.Context(), task.Spec{Name: "slow", Group: g, Registry: reg},
		func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, errors.New("y") })
	if _, err := slow.Wait(ctx); err != context.Canceled {
		t.Fatalf("Wait with a done ctx = %v", err)
	}
	slow.Kill()
	g.KillWait(t.Context())
	for _, f := range g.Failures() {
		if f.Observed {
			t.Errorf("%s observed, though no one was handed its error", f.Name)
		}
	}
	g.Wait()
}
