package main

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is an io.Writer that tests can wait on for a line to appear.
// Its methods may be called concurrently.
type recorder struct {
	mu      sync.Mutex
	text    strings.Builder
	changed chan struct{} // closed and replaced on every write
	seen    int           // offset into text where waitFor looks next
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{})} }

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.text.Write(p)
	close(r.changed)
	r.changed = make(chan struct{})
	return len(p), nil
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.text.String()
}

// waitFor blocks until a line containing want has been written after the
// one matched by the previous waitFor, so a test can follow a sequence.
func (r *recorder) waitFor(t *testing.T, want string) {
	t.Helper()
	hangGuard := time.After(2 * time.Minute) // not a timing assertion
	for {
		r.mu.Lock()
		rest := r.text.String()[r.seen:]
		changed := r.changed
		if i := strings.Index(rest, want); i >= 0 {
			end := strings.IndexByte(rest[i:], '\n')
			if end >= 0 { // whole line written
				r.seen += i + end + 1
				r.mu.Unlock()
				return
			}
		}
		r.mu.Unlock()
		select {
		case <-changed:
		case <-hangGuard:
			t.Fatalf("no line with %q; output was:\n%s", want, r.String())
		}
	}
}

// since returns what was written after the last waitFor match.
func (r *recorder) since() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.text.String()[r.seen:]
}
