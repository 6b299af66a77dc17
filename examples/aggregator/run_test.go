package main

import (
	"context"
	"io"
	"testing"
)

// run starts the upstream and the data sources, serves, and cleans up
// everything when its context ends.
func TestRunStopsCleanly(t *testing.T) {
	t.Setenv("PYLON_ADDR", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := run(ctx, []string{"-delay", "1ms"}, io.Discard); err != nil {
		t.Fatal(err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	if err := run(context.Background(), []string{"-delay", "soon"}, io.Discard); err == nil {
		t.Fatal("no error for a bad -delay")
	}
}
