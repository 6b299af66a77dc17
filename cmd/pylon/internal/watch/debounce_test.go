package watch_test

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/cmd/pylon/internal/watch"
)

const quiet = 200 * time.Millisecond

// expectNothing fails if a batch is ready now. Under synctest, Wait makes
// "now" exact: the debouncer has done all it can at the current time.
func expectNothing(t *testing.T, out <-chan []string) {
	t.Helper()
	synctest.Wait()
	select {
	case b := <-out:
		t.Fatalf("got batch %q before the quiet period ended", b)
	default:
	}
}

func expectBatch(t *testing.T, out <-chan []string, want ...string) {
	t.Helper()
	synctest.Wait()
	select {
	case b := <-out:
		if !slices.Equal(b, want) {
			t.Fatalf("batch = %q, want %q", b, want)
		}
	default:
		t.Fatalf("no batch ready, want %q", want)
	}
}

func TestDebounceCoalescesBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan string)
		out := watch.Debounce(in, quiet)
		in <- "a.go"
		time.Sleep(quiet / 2)
		in <- "b.go"
		in <- "a.go"
		time.Sleep(quiet - time.Nanosecond) // the last value restarted the wait
		expectNothing(t, out)
		time.Sleep(time.Nanosecond)
		expectBatch(t, out, "a.go", "b.go")
		close(in)
		if b, ok := <-out; ok {
			t.Fatalf("got batch %q after close, want closed channel", b)
		}
	})
}

func TestDebounceSeparateBursts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan string)
		out := watch.Debounce(in, quiet)
		in <- "a.go"
		time.Sleep(quiet)
		expectBatch(t, out, "a.go")
		in <- "b.go"
		time.Sleep(quiet)
		expectBatch(t, out, "b.go")
		close(in)
		<-out
	})
}

func TestDebounceMergesWhileConsumerBusy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan string)
		out := watch.Debounce(in, quiet)
		in <- "a.go"
		time.Sleep(quiet) // settled, but nobody reads out yet
		in <- "b.go"
		time.Sleep(quiet)
		expectBatch(t, out, "a.go", "b.go")
		expectNothing(t, out)
		close(in)
		<-out
	})
}

func TestDebounceFlushesOnClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan string)
		out := watch.Debounce(in, quiet)
		in <- "a.go"
		close(in)
		start := time.Now()
		if b := <-out; !slices.Equal(b, []string{"a.go"}) {
			t.Fatalf("final batch = %q, want [a.go]", b)
		}
		if waited := time.Since(start); waited != 0 {
			t.Errorf("final batch waited %v, want it at once", waited)
		}
		if _, ok := <-out; ok {
			t.Fatal("out not closed after the final batch")
		}
	})
}

func TestDebounceCloseEmpty(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan int)
		out := watch.Debounce(in, quiet)
		close(in)
		if b, ok := <-out; ok {
			t.Fatalf("got batch %v from no input", b)
		}
	})
}
