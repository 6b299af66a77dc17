package greenlet_test

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/greenlet"
)

func check(t *testing.T, what string, got []any, err error, want []any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: error %v", what, err)
	}
	if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

func TestRule1_CreatedIdleFirstSwitchPassesArgsToRun(t *testing.T) {
	m := newMain(t)
	ran := false
	var gotArgs []any
	g := greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		ran = true
		gotArgs = args
		inner := greenlet.New(suspend, self)
		if inner.Parent() != self {
			t.Error("default parent of a greenlet made inside g is not g")
		}
		// args stay valid after switching: they do not share the inbox.
		if _, err := self.Switch(m, "a", "b", "c"); err != nil {
			return nil, err
		}
		return args, nil
	}, m)
	if ran || g.Started() || g.Parent() != m {
		t.Fatalf("after New: ran=%v started=%v parent is main=%v", ran, g.Started(), g.Parent() == m)
	}
	vals, err := m.Switch(g, "hello", " world")
	check(t, "first switch", vals, err, values("a", "b", "c"))
	if !ran || !reflect.DeepEqual(gotArgs, values("hello", " world")) {
		t.Fatalf("run got %v, want [hello  world]", gotArgs)
	}
	vals, err = m.Switch(g, 1, 2)
	check(t, "result", vals, err, values("hello", " world"))
}

func TestRule2_SwitchSuspendsCallerAndResumesTarget(t *testing.T) {
	m := newMain(t)
	var out []string
	var gr1, gr2 *greenlet.Greenlet
	gr1 = greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		z, err := self.Switch(gr2, args[0].(string)+args[1].(string))
		if err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprint(z...))
		for _, n := range []int{0, 1, 3} {
			vals, err := self.Switch(gr2, n)
			if err != nil {
				return nil, err
			}
			out = append(out, fmt.Sprint(len(vals)))
		}
		return nil, nil
	}, m)
	gr2 = greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		out = append(out, args[0].(string))
		n, err := self.Switch(gr1, 42)
		for err == nil {
			// Send back as many values as asked for: none, one or several.
			send := make([]any, n[0].(int))
			n, err = self.Switch(gr1, send...)
		}
		return nil, err
	}, m)
	vals, err := m.Switch(gr1, "hello", " world")
	check(t, "gr1 result", vals, err, nil)
	if want := "hello world|42|0|1|3"; strings.Join(out, "|") != want {
		t.Fatalf("got %q, want %q", strings.Join(out, "|"), want)
	}

	// Switching to the running greenlet returns the values at once.
	vals, err = m.Switch(m, "self")
	check(t, "switch to self", vals, err, values("self"))
	g := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		return self.Switch(self, 7, 8)
	}, m)
	vals, err = m.Switch(g)
	check(t, "greenlet switch to self", vals, err, values(7, 8))
}

func TestRule3_ReturnGoesToParentAndKillsGreenlet(t *testing.T) {
	m := newMain(t)
	g := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		return values("done", 1), nil
	}, m)
	vals, err := m.Switch(g)
	check(t, "parent's switch", vals, err, values("done", 1))
	if !g.Dead() || g.Active() {
		t.Fatalf("dead=%v active=%v, want dead", g.Dead(), g.Active())
	}

	// A parent that never started starts with the child's result.
	var log []string
	parent := greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		log = append(log, fmt.Sprint("In the parent: ", args[0]))
		return nil, nil
	}, m)
	child := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		log = append(log, "In the child.")
		return values("child result"), nil
	}, parent)
	vals, err = m.Switch(child)
	check(t, "main's switch", vals, err, nil)
	if want := "In the child.|In the parent: child result"; strings.Join(log, "|") != want {
		t.Fatalf("got %q, want %q", strings.Join(log, "|"), want)
	}
}

func TestRule4_SwitchToDeadGoesUpTheParentChain(t *testing.T) {
	m := newMain(t)
	var log []string
	outer := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		inner := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
			return values(42), nil
		}, self)
		vals, err := self.Switch(inner)
		log = append(log, fmt.Sprint(vals, err))
		// inner is dead: the switch goes to its parent, which is self.
		vals, err = self.Switch(inner, "again")
		log = append(log, fmt.Sprint(vals, err))
		return values(inner), nil
	}, m)
	vals, err := m.Switch(outer)
	check(t, "outer", vals, err, vals)
	if want := "[42] <nil>|[again] <nil>"; strings.Join(log, "|") != want {
		t.Fatalf("got %q, want %q", strings.Join(log, "|"), want)
	}
	// inner and its parent outer are dead: the switch ends in main.
	inner := vals[0].(*greenlet.Greenlet)
	vals, err = m.Switch(inner, "x")
	check(t, "switch to dead inner", vals, err, values("x"))
}

func TestRule5_ErrorOrPanicSurfacesInParent(t *testing.T) {
	m := newMain(t)
	boom := errors.New("boom")
	g := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
		return nil, boom
	}, m)
	if _, err := m.Switch(g); !errors.Is(err, boom) || !g.Dead() {
		t.Fatalf("err=%v dead=%v, want boom and dead", err, g.Dead())
	}

	// The error passes the dead parent and reaches main.
	dead := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) { return nil, nil }, m)
	if _, err := m.Switch(dead); err != nil {
		t.Fatal(err)
	}
	orphan := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
		return nil, boom
	}, dead)
	if _, err := m.Switch(orphan); !errors.Is(err, boom) {
		t.Fatalf("err=%v, want boom through the dead parent", err)
	}

	p := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
		panicHere()
		return nil, nil
	}, m)
	_, err := m.Switch(p)
	var pe *greenlet.PanicError
	if !errors.As(err, &pe) || !errors.Is(err, errPanic) || !p.Dead() {
		t.Fatalf("err=%v dead=%v, want a PanicError wrapping errPanic", err, p.Dead())
	}
	if !strings.Contains(string(pe.Stack), "panicHere") {
		t.Fatalf("stack does not show where the panic happened:\n%s", pe.Stack)
	}
}

var errPanic = errors.New("panic value")

func panicHere() { panic(errPanic) }

func TestRule6_Throw(t *testing.T) {
	m := newMain(t)
	errThrown := errors.New("thrown")

	t.Run("handled", func(t *testing.T) {
		g := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
			_, err := self.Switch(m)
			return self.Switch(m, "caught", err)
		}, m)
		m.Switch(g)
		vals, err := m.Throw(g, errThrown)
		check(t, "throw", vals, err, values("caught", errThrown))
	})
	t.Run("unhandled goes to parent", func(t *testing.T) {
		g := greenlet.New(suspend, m)
		m.Switch(g)
		if _, err := m.Throw(g, errThrown); !errors.Is(err, errThrown) || !g.Dead() {
			t.Fatalf("err=%v dead=%v, want thrown error and dead", err, g.Dead())
		}
	})
	t.Run("nil is GreenletExit returned as a value", func(t *testing.T) {
		g := greenlet.New(suspend, m)
		m.Switch(g)
		vals, err := m.Throw(g, nil)
		check(t, "throw nil", vals, err, values(greenlet.ErrExit))
		if !g.Dead() {
			t.Fatal("not dead")
		}
	})
	t.Run("unstarted dies without running", func(t *testing.T) {
		ran := false
		g := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
			ran = true
			return nil, nil
		}, m)
		if _, err := m.Throw(g, errThrown); !errors.Is(err, errThrown) {
			t.Fatalf("err=%v, want thrown error", err)
		}
		if ran || !g.Dead() || g.Started() {
			t.Fatalf("ran=%v dead=%v started=%v", ran, g.Dead(), g.Started())
		}
	})
	t.Run("to self", func(t *testing.T) {
		if _, err := m.Throw(m, errThrown); !errors.Is(err, errThrown) {
			t.Fatalf("err=%v, want thrown error at once", err)
		}
	})
}

func TestRule7_ParentChangeAndStates(t *testing.T) {
	m := newMain(t)
	type states struct{ started, active, dead bool }
	of := func(g *greenlet.Greenlet) states { return states{g.Started(), g.Active(), g.Dead()} }

	var running states
	child := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		running = of(self)
		self.Switch(m)
		return values("to new parent"), nil
	}, m)
	if got := of(child); got != (states{}) {
		t.Fatalf("unstarted: %+v", got)
	}
	m.Switch(child)
	if got := of(child); got != (states{true, true, false}) || running != got {
		t.Fatalf("suspended: %+v, running: %+v", got, running)
	}

	var got []any
	parent := greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		got = args
		return nil, nil
	}, m)
	if err := child.SetParent(parent); err != nil || child.Parent() != parent {
		t.Fatalf("SetParent: %v", err)
	}
	if err := parent.SetParent(child); !errors.Is(err, greenlet.ErrCycle) {
		t.Fatalf("cycle: err=%v, want ErrCycle", err)
	}
	if err := m.SetParent(child); !errors.Is(err, greenlet.ErrCycle) {
		t.Fatalf("main's parent: err=%v, want ErrCycle", err)
	}
	m.Switch(child)
	if !reflect.DeepEqual(got, values("to new parent")) {
		t.Fatalf("new parent got %v", got)
	}
	if s := of(child); s != (states{true, false, true}) {
		t.Fatalf("dead: %+v", s)
	}
	if s := of(m); s != (states{true, true, false}) || m.Parent() != nil {
		t.Fatalf("main: %+v", s)
	}
}

func TestRule8_CloseRaisesGreenletExitInSuspended(t *testing.T) {
	m := greenlet.NewMain()
	var log []string
	cleanup := func(name string) greenlet.Func {
		return func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
			defer func() { log = append(log, name+" released") }()
			_, err := self.Switch(m)
			log = append(log, fmt.Sprintf("%s got %v", name, err))
			return nil, err
		}
	}
	a, b := greenlet.New(cleanup("a"), m), greenlet.New(cleanup("b"), m)
	m.Switch(a)
	m.Switch(b)
	neverRun := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
		log = append(log, "never")
		return nil, nil
	}, m)
	stubborn := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		defer func() { log = append(log, "stubborn released") }()
		for i := 0; ; i++ {
			_, err := self.Switch(m)
			if i == 3 {
				return nil, fmt.Errorf("stubborn: %w", err)
			}
		}
	}, m)
	m.Switch(stubborn)

	if err := m.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	want := "stubborn released|b got greenlet: exit|b released|a got greenlet: exit|a released"
	if got := strings.Join(log, "|"); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	for _, g := range []*greenlet.Greenlet{a, b, neverRun, stubborn, m} {
		if !g.Dead() {
			t.Fatal("a greenlet survived Close")
		}
	}
	if _, err := m.Switch(a); !errors.Is(err, greenlet.ErrClosed) {
		t.Fatalf("switch after Close: %v, want ErrClosed", err)
	}
	if err := m.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestRule8_CloseReportsCleanupErrors(t *testing.T) {
	m := greenlet.NewMain()
	bad := errors.New("cleanup failed")
	g := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		self.Switch(m)
		return nil, bad
	}, m)
	m.Switch(g)
	if err := m.Close(); !errors.Is(err, bad) {
		t.Fatalf("Close: %v, want cleanup error", err)
	}
}

func TestRule9_SwitchIntoAnotherGoroutinesSetIsRefused(t *testing.T) {
	m := newMain(t)
	mine := greenlet.New(suspend, m)
	errs := make(chan error, 3)
	go func() {
		other := greenlet.NewMain()
		defer other.Close()
		_, err := other.Switch(mine)
		errs <- err
		_, err = other.Throw(mine, nil)
		errs <- err
		errs <- greenlet.New(suspend, other).SetParent(mine)
	}()
	for range 3 {
		if err := <-errs; !errors.Is(err, greenlet.ErrOtherSet) {
			t.Fatalf("err=%v, want ErrOtherSet", err)
		}
	}
	if mine.Started() {
		t.Fatal("the other goroutine started a greenlet of this set")
	}

	// Only the running greenlet can switch away.
	if _, err := mine.Switch(m); !errors.Is(err, greenlet.ErrNotCurrent) {
		t.Fatalf("switch from a suspended greenlet: %v, want ErrNotCurrent", err)
	}
}

func TestRule10_SelfCurrentAndMainWithoutGoroutineLocals(t *testing.T) {
	m := newMain(t)
	if m.Current() != m || m.Main() != m {
		t.Fatal("main is not current in its own set")
	}
	var g *greenlet.Greenlet
	g = greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		return values(self == g, self.Current() == g, m.Current() == g, self.Main() == m), nil
	}, m)
	vals, err := m.Switch(g)
	check(t, "inside run", vals, err, values(true, true, true, true))
}

func TestGoexitInGreenletEndsTheOwningGoroutine(t *testing.T) {
	released := make(chan bool, 1)
	closed := make(chan error, 1)
	go func() {
		m := greenlet.NewMain()
		defer func() { closed <- m.Close() }()
		held := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
			defer func() { released <- true }()
			return self.Switch(m)
		}, m)
		m.Switch(held)
		m.Switch(greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) {
			runtime.Goexit()
			return nil, nil
		}, m))
		t.Error("the owning goroutine went on after Goexit")
	}()
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	if !<-released {
		t.Fatal("suspended greenlet not cleaned up")
	}
}
