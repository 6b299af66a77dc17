package greenlet_test

import (
	"testing"

	"github.com/pylonweb/pylon/greenlet"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// newMain returns a main greenlet that is closed, and checked for leaked
// coroutines, when the test ends.
func newMain(t *testing.T) *greenlet.Greenlet {
	t.Helper()
	m := greenlet.NewMain()
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		goleak.VerifyNone(t)
	})
	return m
}

// suspend is a run function that switches to its parent until killed.
func suspend(self *greenlet.Greenlet, _ ...any) ([]any, error) {
	for {
		if _, err := self.Switch(self.Parent()); err != nil {
			return nil, err
		}
	}
}

// values builds an expected switch result.
func values(v ...any) []any { return v }
