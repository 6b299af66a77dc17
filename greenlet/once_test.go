package greenlet_test

import (
	"errors"
	"testing"

	"github.com/pylonweb/pylon/greenlet"
)

// Switch returns the receiving greenlet's stored error without clearing
// it, relying on every resumption to deliver a fresh one: an error must
// still surface exactly once, also after a refused switch.
func TestErrorIsReturnedOnce(t *testing.T) {
	m := newMain(t)
	boom := errors.New("boom")
	failing := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
		return nil, boom
	}, m)
	if _, err := m.Switch(failing); !errors.Is(err, boom) {
		t.Fatalf("switch to failing: %v, want boom", err)
	}
	echo := greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		for {
			var err error
			if args, err = self.Switch(m, args...); errors.Is(err, greenlet.ErrExit) {
				return nil, err
			} else if err != nil {
				// Handle the throw, report it, and carry on.
				args = []any{"handled " + err.Error()}
			}
		}
	}, m)
	v, err := m.Switch(echo, 1)
	check(t, "after an error, switch", v, err, values(1))
	v, err = m.Switch(m, 2)
	check(t, "switch to self", v, err, values(2))

	v, err = m.Throw(echo, boom)
	check(t, "throw handled", v, err, values("handled boom"))
	v, err = m.Switch(echo, 3)
	check(t, "switch after a handled throw", v, err, values(3))

	other := greenlet.NewMain()
	defer other.Close()
	if _, err := m.Switch(other); !errors.Is(err, greenlet.ErrOtherSet) {
		t.Fatalf("switch into another set: %v, want ErrOtherSet", err)
	}
	v, err = m.Switch(echo, 4)
	check(t, "switch after a refused switch", v, err, values(4))
	v, err = m.Switch(echo)
	check(t, "switch with no values", v, err, nil)
	if v != nil {
		t.Fatalf("switch with no values = %#v, want nil", v)
	}
}
