package greenlet

import "errors"

// Switch suspends g, which must be the running greenlet, and resumes to
// with args. If to has not started, it starts now and args are passed to
// its run; if it is suspended, args become the result of its pending
// switch; if it is dead, the switch goes to its parent, or the parent's
// parent, and so on. If to is g, Switch returns args at once.
//
// Switch returns when some greenlet switches back to g: the values it
// sent, or the error it threw or that a dying child of g raised. The
// returned slice belongs to g and is valid until g switches again; copy
// it to keep it. Switch allocates nothing for up to four values (boxing
// a value into an any may, as anywhere in Go).
//
// Switch returns [ErrNil] if to is nil, [ErrOtherSet] if to is in
// another set, [ErrNotCurrent] if g is not running, [ErrClosed] if the
// set is closed, and, in a greenlet being stopped by [Greenlet.Close],
// [ErrExit] without switching.
//
// Switch is small enough to be inlined, so that the running greenlet's
// coroutine switch happens in its caller's frame: every call frame
// between the caller and the coroutine switch costs a mispredicted
// return each time the greenlet resumes. All other work happens in
// switchOut, which returns before the greenlet yields; only a greenlet
// that resumes another keeps a frame around the switch.
func (g *Greenlet) Switch(to *Greenlet, args ...any) ([]any, error) {
	if call(switchOut, g, to, args) {
		yield(g.yield)
	}
	return g.recv, g.err
}

// call calls f. The inliner charges a call of a function parameter far
// less than any other call that it cannot inline, so calling switchOut
// and yield through call and yield keeps Switch within the budget.
func call(f func(g, to *Greenlet, args []any) bool, g, to *Greenlet, args []any) bool {
	return f(g, to, args)
}

// yield calls a coroutine's yield function; see call.
func yield(yield func(struct{}) bool) { yield(struct{}{}) }

// switchOut does the work of g.Switch(to, args...) up to the point where
// g must yield, which it reports; if it returns false, g has been
// resumed and its values and error are waiting in g.recv and g.err.
// It handles the common cases, a switch to a suspended greenlet and a
// switch back to a resumer, itself and leaves the rest to switchSlow.
func switchOut(g, to *Greenlet, args []any) bool {
	s := g.set
	if to != nil && s.current == g && to.set == s {
		switch to.state {
		case suspended:
			to.send(args)
			s.current = to
			to.state = onStack
			to.resume()
			if s.target == g {
				s.current = g
				return false
			}
			return g.transfer(s.target)
		case onStack:
			if to != g {
				to.send(args)
				s.target = to
				g.state = suspended
				return true
			}
		}
	}
	return g.switchSlow(to, args)
}

// switchSlow is switchOut for the other cases: refusals, a dead or new
// target, a switch to g itself.
func (g *Greenlet) switchSlow(to *Greenlet, args []any) bool {
	s := g.set
	if to == nil || to.set != s || s.current != g {
		// g may not be running, but then nothing is waiting in its
		// inbox: a delivery is always followed by the resumption.
		g.recv, g.err = nil, g.refuse(to)
		return false
	}
	to = to.alive()
	to.send(args)
	return g.transfer(to)
}

// Throw suspends g, which must be the running greenlet, and raises err
// in to: to's pending switch returns err, or, if to has not started, to
// dies without running and err goes to its parent. A nil err is
// [ErrExit], which kills a target that does not handle it and comes back
// to the parent as a value. Like a switch, a throw to a dead greenlet
// goes to its nearest live ancestor; as in Python, the dead greenlet
// eats an ErrExit, which reaches the ancestor as a value, while any
// other error is raised there. A throw to g itself returns err at once.
// Throw returns what [Greenlet.Switch] would, and refuses the same way.
func (g *Greenlet) Throw(to *Greenlet, err error) ([]any, error) {
	if to == nil || to.set != g.set || g.set.current != g {
		return nil, g.refuse(to)
	}
	if err == nil {
		err = ErrExit
	}
	if to.state == dead && errors.Is(err, ErrExit) {
		// As in Python, a dead greenlet eats GreenletExit: it becomes
		// an ordinary return, so the ancestor gets it as a value.
		to = to.alive()
		to.deliver1(err)
	} else {
		to = to.alive()
		to.deliver(nil, err)
	}
	if g.transfer(to) {
		g.yield(struct{}{})
	}
	return g.recv, g.err
}

// refuse says why g may not switch to to.
func (g *Greenlet) refuse(to *Greenlet) error {
	switch {
	case g.set.stopping == g:
		return ErrExit
	case g.set.closed:
		return ErrClosed
	case to == nil:
		return ErrNil
	case to.set != g.set:
		return ErrOtherSet
	default:
		return ErrNotCurrent
	}
}

// alive returns g or, if g is dead, its nearest ancestor that is not.
// The main greenlet ends every chain and is alive until Close.
func (g *Greenlet) alive() *Greenlet {
	for g.state == dead && g.parent != nil {
		g = g.parent
	}
	return g
}

// deliver leaves args and err for g's next resumption, copying args
// because the sender's slice is only borrowed. Every resumption of a
// greenlet is preceded by a delivery, so the error of an earlier one is
// never returned twice.
func (g *Greenlet) deliver(args []any, err error) {
	g.send(args)
	g.err = err
}

// send leaves args and no error for g's next resumption.
func (g *Greenlet) send(args []any) {
	switch n := len(args); {
	case n == 0:
		g.recv = nil
	case n == 1:
		// The common case, without the loop below.
		g.inbox[0] = args[0]
		g.recv = g.inbox[:1]
	case n <= inboxSize:
		// Element by element: copy of a []any calls typedslicecopy,
		// which costs more than a few values.
		//lint:ignore S1001 see above
		for i, v := range args {
			g.inbox[i] = v
		}
		g.recv = g.inbox[:n]
	default:
		g.recv = append([]any(nil), args...)
	}
	// Usually nil already: a load is cheaper than a store with its
	// write barrier check.
	if g.err != nil {
		g.err = nil
	}
}

// deliver1 leaves the single value v for g's next resumption.
func (g *Greenlet) deliver1(v any) {
	g.inbox[0] = v
	g.recv = g.inbox[:1]
	g.err = nil
}

// transfer runs other greenlets until one of them resumes g, which has
// then received its values and error, or until g must yield to reach
// the greenlet it switches to. It reports whether g must yield: it
// leaves that switch to its caller, so that the running greenlet's
// coroutine switch happens in Switch itself (see there).
//
// The running greenlet resumes a suspended or new greenlet directly,
// with the next function of its iter.Pull coroutine, so the greenlets
// form a stack of resumers with main at the bottom. To reach a greenlet
// lower on that stack, the running greenlet yields to its resumer, and
// each resumer in turn yields until the target is reached. A switch
// between a greenlet and the one that resumed it, the common case (main
// and a greenlet, a generator and its consumer, two greenlets playing
// ping-pong), is a single coroutine switch. Every greenlet enters the
// stack with one switch and leaves it with one, so a switch costs at
// most two coroutine switches amortized, like a central scheduler would,
// though one switch down a deep stack costs its depth.
func (g *Greenlet) transfer(to *Greenlet) bool {
	s := g.set
	for to != g {
		switch to.state {
		case onStack:
			s.target = to
			g.state = suspended
			return true
		case suspended:
			s.current = to
			to.state = onStack
			to.resume()
		default:
			s.current = to
			to.start()
		}
		to = s.target
	}
	s.current = g
	return false
}
