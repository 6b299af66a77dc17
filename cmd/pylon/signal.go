package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// signalError is the cause of a context cancelled by signalContext. It
// carries the signal so that serve can forward the very signal it got.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return e.sig.String() + " received" }

// signalContext is like [signal.NotifyContext], but the context's cause is a
// signalError. Signals keep being caught until stop is called, so a second
// Ctrl-C does not kill pylon while its app shuts down.
func signalContext(parent context.Context, sigs ...os.Signal) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			cancel(signalError{sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(context.Canceled)
	}
}

// stopSignal returns the signal that cancelled ctx, or SIGTERM if ctx was
// cancelled otherwise.
func stopSignal(ctx context.Context) os.Signal {
	var se signalError
	if errors.As(context.Cause(ctx), &se) {
		return se.sig
	}
	return syscall.SIGTERM
}

// signalExitCode is the exit code a shell reports for a process ended by
// the signal that cancelled ctx.
func signalExitCode(ctx context.Context) int {
	if s, ok := stopSignal(ctx).(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}
