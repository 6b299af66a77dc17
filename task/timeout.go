package task

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrTimeout is matched (errors.Is) by errors caused by a timeout set with
// WithTimeout or Spec.Timeout. Such errors also match
// context.DeadlineExceeded, so code that only knows package context still
// recognises them.
var ErrTimeout error = timeoutError{}

type timeoutError struct{}

func (timeoutError) Error() string { return "task: timeout" }

// Timeout reports true, like net.Error's Timeout.
func (timeoutError) Timeout() bool { return true }

func (timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// WithTimeout calls fn in the calling goroutine with a context that is
// cancelled after d (gevent's with_timeout). If fn fails after that
// deadline, its error is wrapped so that errors.Is(err, ErrTimeout) and
// errors.Is(err, context.DeadlineExceeded) both hold; a deadline of ctx
// itself expiring is ctx's business and is returned unchanged.
//
// Go cannot interrupt fn: it must return when its context is done. To
// bound a function that might not, run it with Go and use KillWait.
func WithTimeout[T any](ctx context.Context, d time.Duration, fn func(context.Context) (T, error)) (T, error) {
	tctx, cancel := context.WithTimeoutCause(ctx, d, ErrTimeout)
	defer cancel()
	v, err := fn(tctx)
	if err != nil && context.Cause(tctx) == ErrTimeout && !errors.Is(err, ErrTimeout) {
		err = fmt.Errorf("%w after %v: %w", ErrTimeout, d, err)
	}
	return v, err
}
