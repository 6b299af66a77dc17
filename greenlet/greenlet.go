package greenlet

// Func is a greenlet's run function. It receives its own greenlet, so it
// can switch away and find its parent and main greenlet, and the values
// of the first switch into it. What it returns goes to its parent: the
// values become the result of the parent's pending switch, a non-nil
// error is raised there instead (see [ErrExit] for the exception).
type Func func(self *Greenlet, args ...any) ([]any, error)

type state uint8

const (
	// unstarted: made, never switched to (the zero value).
	unstarted state = iota
	// suspended: started, not dead, and waiting in a switch for someone
	// to resume it.
	suspended
	// onStack: running, or waiting in its coroutine's next function for
	// a greenlet it resumed (see transfer). The main greenlet starts so.
	onStack
	dead
)

// inboxSize is how many switch values a greenlet receives without
// allocating; more values are copied to a new slice.
const inboxSize = 4

// A Greenlet is a coroutine that runs only when switched to. Make one
// with [New]; make the main greenlet of a new set with [NewMain].
//
// A Greenlet is not safe for concurrent use: all greenlets of a set run
// one at a time on behalf of the goroutine that made the set, and only
// that goroutine (or code running inside its greenlets) may use them.
type Greenlet struct {
	set     *set
	parent  *Greenlet
	run     Func
	state   state
	started bool

	// The greenlet's coroutine, from iter.Pull, once started.
	resume func() (struct{}, bool)
	stop   func()
	yield  func(struct{}) bool

	// What the next resumption of this greenlet receives.
	recv  []any
	err   error
	inbox [inboxSize]any

	// The set's list of greenlets not yet dead, newest first.
	newer, older *Greenlet
}

// New returns a greenlet that will call run when first switched to. Its
// parent is parent: pass the greenlet that is creating it for Python's
// default. New does not switch; the greenlet does nothing until a switch
// or throw reaches it. New panics if parent is nil. A greenlet made in a
// closed set is dead from the start.
func New(run Func, parent *Greenlet) *Greenlet {
	if parent == nil {
		panic("greenlet: New with nil parent")
	}
	g := &Greenlet{set: parent.set, parent: parent, run: run}
	if g.set.closed {
		g.state = dead
	}
	return g
}

// Parent returns g's parent, the greenlet that receives g's result when
// g dies. The main greenlet has no parent and returns nil.
func (g *Greenlet) Parent() *Greenlet { return g.parent }

// SetParent makes p the parent of g. It returns [ErrNil] if p is nil,
// [ErrOtherSet] if p is in another set and [ErrCycle] if g would become
// its own ancestor, which includes any new parent for the main greenlet.
func (g *Greenlet) SetParent(p *Greenlet) error {
	if p == nil {
		return ErrNil
	}
	if p.set != g.set {
		return ErrOtherSet
	}
	for a := p; a != nil; a = a.parent {
		if a == g {
			return ErrCycle
		}
	}
	g.parent = p
	return nil
}

// Dead reports whether g has finished: run returned or panicked, or g was
// killed by a throw before it started, or its set was closed.
func (g *Greenlet) Dead() bool {
	// Close does not visit greenlets that never started (see set.link).
	return g.state == dead || g.state == unstarted && g.set.closed
}

// Started reports whether g has ever run. A greenlet killed before it
// started never has.
func (g *Greenlet) Started() bool { return g.started }

// Active reports whether g is started and not dead: running or
// suspended. It is Python's bool(g).
func (g *Greenlet) Active() bool { return g.state == suspended || g.state == onStack }

// Main returns the main greenlet of g's set.
func (g *Greenlet) Main() *Greenlet { return g.set.main }

// Current returns the greenlet running in g's set: Python's getcurrent,
// asked of a set instead of a thread. Inside run it is self; it returns
// nil once the set is closed.
func (g *Greenlet) Current() *Greenlet { return g.set.current }
