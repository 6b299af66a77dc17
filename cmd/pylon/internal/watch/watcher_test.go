package watch_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pylonweb/pylon/cmd/pylon/internal/watch"
)

// changeReader reads a Watcher's changes. Saving a file may be reported more
// than once (create, then write), so repeats of paths already expected are
// allowed; any other path fails the test.
type changeReader struct {
	t        *testing.T
	ch       <-chan string
	expected map[string]bool
}

func (r *changeReader) waitFor(want string) {
	r.t.Helper()
	r.expected[want] = true
	for {
		select {
		case got, ok := <-r.ch:
			if !ok {
				r.t.Fatalf("changes closed, want %s", want)
			}
			if got == want {
				return
			}
			if !r.expected[got] {
				r.t.Fatalf("unexpected change %s while waiting for %s", got, want)
			}
		case <-time.After(time.Minute): // a hang guard, not a timing assertion
			r.t.Fatalf("no change reported, want %s", want)
		}
	}
}

func write(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatcher(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"pkg", ".git", "node_modules/dep", "vendor/x", "bin"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := watch.New(watch.Config{
		Root:    root,
		Skip:    []string{filepath.Join(root, "bin")},
		OnError: func(err error) { t.Errorf("watch error: %v", err) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r := &changeReader{t: t, ch: w.Changes(), expected: map[string]bool{}}

	// Ignored changes come first; the first reported one must be pkg/a.go.
	for _, p := range []string{".git/x.go", "node_modules/dep/x.go", "vendor/x/x.go", "bin/x.go", "README.md", "pkg/a_test.go"} {
		write(t, filepath.Join(root, p))
	}
	a := filepath.Join(root, "pkg", "a.go")
	write(t, a)
	r.waitFor(a)

	t.Run("new directories are watched", func(t *testing.T) {
		r.t = t
		b := filepath.Join(root, "new", "deeper", "b.go")
		write(t, b) // may land before the watch on new/deeper exists
		r.waitFor(b)
		c := filepath.Join(root, "new", "deeper", "c.tmpl")
		write(t, c) // lands after: reported by the new watch
		r.waitFor(c)
	})

	t.Run("removal", func(t *testing.T) {
		r.t = t
		if err := os.Remove(a); err != nil {
			t.Fatal(err)
		}
		r.waitFor(a)
	})

	r.t = t
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for range w.Changes() {
		// drain what was sent before Close
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestWatcherMissingRoot(t *testing.T) {
	_, err := watch.New(watch.Config{Root: filepath.Join(t.TempDir(), "nope")})
	if err == nil {
		t.Fatal("New on a missing root succeeded")
	}
}
