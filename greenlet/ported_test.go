package greenlet_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/pylonweb/pylon/greenlet"
)

// The tests in this file port cases from Python greenlet's own test suite
// (tests/test_greenlet.py, tests/test_throw.py) and edge cases around the
// rules that the rule tests do not reach.

var errSome = errors.New("SomeError")

// test_exception: a child dies of an error while its parent, itself a
// greenlet, is suspended; the parent's pending switch raises it.
func TestPortedException(t *testing.T) {
	m := newMain(t)
	var seen []string
	fmain := func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		if _, err := self.Switch(self.Parent()); err != nil {
			seen = append(seen, err.Error())
			return nil, err
		}
		return nil, errSome
	}
	g1, g2 := greenlet.New(fmain, m), greenlet.New(fmain, m)
	m.Switch(g1)
	m.Switch(g2)
	if err := g2.SetParent(g1); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 0 {
		t.Fatalf("seen = %v before the switch", seen)
	}
	if _, err := m.Switch(g2); !errors.Is(err, errSome) {
		t.Fatalf("switch to g2: %v, want SomeError raised through g1", err)
	}
	if got := strings.Join(seen, ","); got != "SomeError" {
		t.Fatalf("seen = %q, want g1 to have caught SomeError", got)
	}
	// g2 and g1 are dead: the switch ends in main with its own values.
	vals, err := m.Switch(g2)
	check(t, "switch to dead g2", vals, err, nil)
	if !g1.Dead() || !g2.Dead() {
		t.Fatal("g1 or g2 survived")
	}
}

// A dead child's result goes to its new parent, which never started: it
// starts with the result as its arguments.
func TestDeadChildResultStartsNewParent(t *testing.T) {
	m := newMain(t)
	p := greenlet.New(func(_ *greenlet.Greenlet, args ...any) ([]any, error) {
		return append(args, 24), nil
	}, m)
	c := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
		return values(42), nil
	}, m)
	if err := c.SetParent(p); err != nil {
		t.Fatal(err)
	}
	vals, err := m.Switch(c)
	check(t, "switch to c", vals, err, values(42, 24))
	if !p.Dead() || !c.Dead() {
		t.Fatal("p or c survived")
	}
}

// A panic in a greenlet whose parent is a suspended greenlet arrives in
// that parent, which can pass it on with the original stack.
func TestPanicThroughGreenletParent(t *testing.T) {
	m := newMain(t)
	outer := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		inner := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
			panicHere()
			return nil, nil
		}, self)
		_, err := self.Switch(inner)
		return nil, fmt.Errorf("outer: %w", err)
	}, m)
	_, err := m.Switch(outer)
	var pe *greenlet.PanicError
	if !errors.As(err, &pe) || !errors.Is(err, errPanic) {
		t.Fatalf("err = %v, want a PanicError through outer", err)
	}
	if !strings.HasPrefix(err.Error(), "outer: ") || !strings.Contains(string(pe.Stack), "panicHere") {
		t.Fatalf("err = %v, stack:\n%s", err, pe.Stack)
	}
}

// test_throw_goes_to_original_parent, with GreenletExit: a greenlet that
// is not the target's parent throws; the target's parent gets the value,
// and the thrower stays suspended.
func TestThrowExitFromNonParent(t *testing.T) {
	m := newMain(t)
	b := greenlet.New(suspend, m)
	m.Switch(b)
	a := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		return self.Throw(b, nil)
	}, m)
	vals, err := m.Switch(a)
	check(t, "main's switch", vals, err, values(greenlet.ErrExit))
	if !b.Dead() || a.Dead() || !a.Active() {
		t.Fatalf("b dead=%v, a dead=%v active=%v; want b dead and a suspended", b.Dead(), a.Dead(), a.Active())
	}
}

// A dead greenlet eats GreenletExit, as greenlet's throw does: it reaches
// the nearest live ancestor as a value. Other errors are raised there.
func TestThrowIntoDead(t *testing.T) {
	m := newMain(t)
	done := func() *greenlet.Greenlet {
		g := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) { return nil, nil }, m)
		m.Switch(g)
		return g
	}

	t.Run("exit to main is a value", func(t *testing.T) {
		vals, err := m.Throw(done(), nil)
		check(t, "throw nil into dead", vals, err, values(greenlet.ErrExit))
	})
	t.Run("other error to main is raised", func(t *testing.T) {
		if _, err := m.Throw(done(), errSome); !errors.Is(err, errSome) {
			t.Fatalf("err = %v, want SomeError", err)
		}
	})
	t.Run("exit to a suspended parent is a value", func(t *testing.T) {
		var got []any
		var gotErr error
		par := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
			kid := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) { return nil, nil }, self)
			self.Switch(kid) // kid dies at once
			vals, err := self.Switch(m, kid)
			got, gotErr = append([]any(nil), vals...), err
			return nil, nil
		}, m)
		vals, err := m.Switch(par)
		if err != nil {
			t.Fatal(err)
		}
		kid := vals[0].(*greenlet.Greenlet)
		m.Throw(kid, nil)
		check(t, "par's pending switch", got, gotErr, values(greenlet.ErrExit))
	})
	t.Run("exit starts a parent that never started with it", func(t *testing.T) {
		kid := done()
		p := greenlet.New(func(_ *greenlet.Greenlet, args ...any) ([]any, error) {
			return values(len(args), args[0]), nil
		}, m)
		if err := kid.SetParent(p); err != nil {
			t.Fatal(err)
		}
		vals, err := m.Throw(kid, nil)
		check(t, "throw nil into dead kid", vals, err, values(1, greenlet.ErrExit))
	})
}

func TestNilGreenletIsAnError(t *testing.T) {
	m := newMain(t)
	g := greenlet.New(suspend, m)
	if err := g.SetParent(nil); !errors.Is(err, greenlet.ErrNil) || g.Parent() != m {
		t.Fatalf("SetParent(nil) = %v, parent %v; want ErrNil and the parent kept", err, g.Parent())
	}
	if _, err := m.Switch(nil, 1); !errors.Is(err, greenlet.ErrNil) {
		t.Fatalf("Switch(nil) = %v, want ErrNil", err)
	}
	if _, err := m.Throw(nil, errSome); !errors.Is(err, greenlet.ErrNil) {
		t.Fatalf("Throw(nil) = %v, want ErrNil", err)
	}
	if m.Current() != m {
		t.Fatal("a refused switch changed the running greenlet")
	}
}

// A cleanup that calls runtime.Goexit (t.FailNow) while a deferred Close
// runs ends the goroutine, but Close still kills the other greenlets:
// their cleanups run and their coroutines end.
func TestGoexitDuringCloseStillKillsTheRest(t *testing.T) {
	var log []string
	ended := make(chan struct{})
	var m *greenlet.Greenlet
	go func() {
		defer close(ended)
		m = greenlet.NewMain()
		defer m.Close()
		hold := func(name string, exit bool) greenlet.Func {
			return func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
				defer func() {
					log = append(log, name+" cleanup")
					if exit {
						runtime.Goexit()
					}
				}()
				return self.Switch(m)
			}
		}
		m.Switch(greenlet.New(hold("x", false), m))
		m.Switch(greenlet.New(hold("y", true), m))
		m.Switch(greenlet.New(hold("z", false), m))
	}()
	<-ended
	if got, want := strings.Join(log, "|"), "z cleanup|y cleanup|x cleanup"; got != want {
		t.Fatalf("cleanups: got %q, want %q", got, want)
	}
	if !m.Dead() {
		t.Fatal("the set was not closed")
	}
	if err := m.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// Greenlets that never start are not kept by their set: a long-lived set
// that makes generators and drops some unused does not grow.
func TestUnstartedGreenletIsNotRetained(t *testing.T) {
	m := newMain(t)
	w := func() weak.Pointer[greenlet.Greenlet] {
		return weak.Make(greenlet.New(suspend, m))
	}()
	for range 5 {
		runtime.GC()
		if w.Value() == nil {
			break
		}
	}
	if w.Value() != nil {
		t.Fatal("an unstarted, dropped greenlet is still reachable")
	}

	// One that is still held is dead once the set is closed, and was
	// never run.
	ran := false
	g := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
		ran = true
		return nil, nil
	}, m)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if !g.Dead() || g.Started() || g.Active() || ran {
		t.Fatalf("after Close: dead=%v started=%v active=%v ran=%v", g.Dead(), g.Started(), g.Active(), ran)
	}
	if _, err := m.Switch(g); !errors.Is(err, greenlet.ErrClosed) {
		t.Fatalf("switch after Close: %v, want ErrClosed", err)
	}
}
