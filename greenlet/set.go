package greenlet

import "errors"

// set is the greenlets of one main greenlet: Python's per-thread state.
type set struct {
	main    *Greenlet
	current *Greenlet
	// target is where the greenlet that just suspended or died sends
	// control; the main greenlet's loop resumes it.
	target *Greenlet
	newest *Greenlet // the most recently started greenlet not yet dead
	// stopping is the greenlet Close is stopping; its switches fail.
	stopping *Greenlet
	closed   bool
}

// NewMain makes a new set of greenlets and returns its main greenlet,
// which stands for the calling goroutine: it is running now, it is never
// dead until closed, and it has no parent. The set belongs to the calling
// goroutine; call Close on the main greenlet, usually with defer, when
// the goroutine is done with the set.
func NewMain() *Greenlet {
	s := &set{}
	m := &Greenlet{set: s, state: onStack, started: true}
	s.main, s.current = m, m
	return m
}

// Close ends the set of the main greenlet g. Every greenlet of the set
// that started and is not dead is killed, the most recently started
// first: Close makes the main greenlet its parent and throws [ErrExit]
// into it, so a suspended greenlet sees ErrExit returned by its pending
// switch and its deferred functions run. A greenlet that never started
// is dead from then on, without running. A greenlet that
// switches back instead of dying is stopped: its pending switch returns
// ErrExit again, and so does every later switch it tries, until run
// returns. Then the main greenlet is dead and every switch in the set
// returns [ErrClosed].
//
// Close returns the errors, other than ErrExit, that the killed
// greenlets returned or panicked with, joined. It returns [ErrNotMain]
// if g is not a main greenlet, [ErrNotCurrent] if called from inside
// another greenlet of the set, and nil if the set is already closed.
func (g *Greenlet) Close() error {
	s := g.set
	switch {
	case g != s.main:
		return ErrNotMain
	case s.closed:
		return nil
	case s.current != g:
		return ErrNotCurrent
	}
	return errors.Join(g.killAll()...)
}

// killAll kills every greenlet of the set that started and is not dead,
// then closes the set. If a cleanup calls runtime.Goexit (t.FailNow in a
// test), which ends the main greenlet's goroutine too, the deferred call
// goes on with the others, so that their cleanups still run and their
// goroutines end.
func (g *Greenlet) killAll() (errs []error) {
	s := g.set
	done := false
	defer func() {
		if !done {
			// The greenlet that called Goexit is dead and gave the set
			// back to main on its way out.
			s.current, s.stopping = g, nil
			g.killAll()
		}
	}()
	for s.newest != nil {
		errs = append(errs, g.kill(s.newest))
	}
	done = true
	s.closed = true
	s.current = nil
	g.state = dead
	return errs
}

// kill ends x for Close, first politely with ErrExit, then by stopping
// its coroutine.
func (g *Greenlet) kill(x *Greenlet) error {
	x.parent = g
	_, err := g.Throw(x, ErrExit)
	if x.state != dead && x.stop != nil {
		// While x unwinds, its switches fail with ErrExit instead of
		// resuming anyone.
		g.set.current, g.set.stopping = nil, x
		// x's pending switch returns ErrExit: its yield reports the
		// stop, but Switch returns what was delivered.
		x.deliver(nil, ErrExit)
		g.recv, g.err = nil, nil
		x.stop()
		g.set.current, g.set.stopping = g, nil
		// What run returned while stopping went to g's inbox.
		err = g.err
	}
	if x.state != dead {
		// Only a greenlet without a coroutine could get here; Close
		// must make progress regardless.
		x.die()
	}
	if errors.Is(err, ErrExit) {
		return nil
	}
	return err
}

// link adds g, which is starting, to the set's greenlets that are not
// dead. Greenlets that never start are not in the list, so a program
// that makes greenlets and drops them unstarted does not grow it.
func (s *set) link(g *Greenlet) {
	g.older = s.newest
	if s.newest != nil {
		s.newest.newer = g
	}
	s.newest = g
}

// unlink removes a dead greenlet from the list.
func (s *set) unlink(g *Greenlet) {
	if g.newer != nil {
		g.newer.older = g.older
	} else if s.newest == g {
		s.newest = g.older
	}
	if g.older != nil {
		g.older.newer = g.newer
	}
	g.newer, g.older = nil, nil
}
