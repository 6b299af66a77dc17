//go:build unix

package main

import (
	"context"
	"syscall"
	"testing"
)

func TestSignalContextCarriesTheSignal(t *testing.T) {
	ctx, stop := signalContext(context.Background(), syscall.SIGUSR1)
	defer stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
	if got := stopSignal(ctx); got != syscall.SIGUSR1 {
		t.Errorf("stopSignal = %v, want %v", got, syscall.SIGUSR1)
	}
	if got, want := signalExitCode(ctx), 128+int(syscall.SIGUSR1); got != want {
		t.Errorf("signalExitCode = %d, want %d", got, want)
	}
}

func TestStopSignalDefaultsToSIGTERM(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := stopSignal(ctx); got != syscall.SIGTERM {
		t.Errorf("stopSignal = %v, want SIGTERM", got)
	}
}
