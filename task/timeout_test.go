package task_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/task"
)

func TestWithTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, err := task.WithTimeout(t.Context(), 2*time.Second, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, ctx.Err()
		})
		if !errors.Is(err, task.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v; want ErrTimeout and DeadlineExceeded", err)
		}
		if d := time.Since(start); d != 2*time.Second {
			t.Errorf("returned after %v", d)
		}
	})
}

func TestWithTimeoutInTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		v, err := task.WithTimeout(t.Context(), time.Second, func(ctx context.Context) (int, error) {
			time.Sleep(500 * time.Millisecond)
			return 3, nil
		})
		if v != 3 || err != nil {
			t.Errorf("got %v, %v", v, err)
		}
	})
}

func TestWithTimeoutOtherErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errOwn := errors.New("own")
		_, err := task.WithTimeout(t.Context(), time.Second, func(context.Context) (int, error) { return 0, errOwn })
		if err != errOwn {
			t.Errorf("an error before the deadline must pass unchanged: %v", err)
		}
		// The parent's deadline is not this timeout.
		parent, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		_, err = task.WithTimeout(parent, time.Hour, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, ctx.Err()
		})
		if errors.Is(err, task.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("parent deadline: %v", err)
		}
		// A cancelled parent is not a timeout either.
		cctx, ccancel := context.WithCancel(t.Context())
		ccancel()
		_, err = task.WithTimeout(cctx, time.Second, func(ctx context.Context) (int, error) { return 0, ctx.Err() })
		if errors.Is(err, task.ErrTimeout) || !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled parent: %v", err)
		}
	})
}
