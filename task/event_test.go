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

func TestEvent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var e task.Event
		var woken atomic.Int32
		for range 3 {
			go func() {
				if e.Wait(context.Background()) == nil {
					woken.Add(1)
				}
			}()
		}
		synctest.Wait()
		if woken.Load() != 0 || e.IsSet() {
			t.Fatal("woken before Set")
		}
		e.Set()
		e.Set() // idempotent
		synctest.Wait()
		if woken.Load() != 3 || !e.IsSet() {
			t.Errorf("woken %d", woken.Load())
		}
		e.Clear()
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if err := e.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Wait after Clear = %v", err)
		}
		e.Set()
		if err := e.Wait(t.Context()); err != nil {
			t.Errorf("Wait after second Set = %v", err)
		}
	})
}

func TestAsyncResult(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r task.AsyncResult[string]
		got := make(chan string, 3)
		for range 3 {
			go func() {
				v, _ := r.Wait(context.Background())
				got <- v
			}()
		}
		synctest.Wait()
		if r.Ready() {
			t.Fatal("ready before Set")
		}
		if !r.Set("x") || r.Set("y") || r.SetError(errors.New("late")) {
			t.Error("Set must succeed once, then report false")
		}
		for range 3 {
			if v := <-got; v != "x" {
				t.Errorf("waiter got %q", v)
			}
		}
		if v, err := r.Wait(t.Context()); v != "x" || err != nil || !r.Ready() {
			t.Errorf("Wait = %q, %v", v, err)
		}
	})
}

func TestAsyncResultErrorAndTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r task.AsyncResult[int]
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if _, err := r.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Wait = %v", err)
		}
		errBad := errors.New("bad")
		r.SetError(errBad)
		if _, err := r.Wait(t.Context()); err != errBad {
			t.Errorf("Wait = %v", err)
		}
	})
}
