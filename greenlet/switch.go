package greenlet

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
// Switch returns [ErrOtherSet] if to is in another set, [ErrNotCurrent]
// if g is not running, [ErrClosed] if the set is closed, and, in a
// greenlet being stopped by [Greenlet.Close], [ErrExit] without
// switching.
func (g *Greenlet) Switch(to *Greenlet, args ...any) ([]any, error) {
	s := g.set
	if to.set != s || s.current != g {
		return nil, g.refuse(to)
	}
	to = to.alive()
	to.send(args)
	// This is transfer written out: each call frame between the caller
	// and the coroutine switch costs a mispredicted return on every
	// resumption, which measurably slows the switch.
	for to != g {
		if to.onStack {
			s.target = to
			g.onStack = false
			if !g.yield(struct{}{}) {
				g.err = nil
				return nil, ErrExit
			}
			return g.take()
		}
		s.current = to
		to.onStack = true
		if to.started {
			to.resume()
		} else {
			to.start()
		}
		to = s.target
	}
	s.current = g
	return g.take()
}

// Throw suspends g, which must be the running greenlet, and raises err
// in to: to's pending switch returns err, or, if to has not started, to
// dies without running and err goes to its parent. A nil err is
// [ErrExit], which kills a target that does not handle it and comes back
// to the parent as a value. Like a switch, a throw to a dead greenlet
// goes to its nearest live ancestor, and a throw to g itself returns
// err at once. Throw returns what [Greenlet.Switch] would, and refuses
// the same way.
func (g *Greenlet) Throw(to *Greenlet, err error) ([]any, error) {
	if to.set != g.set || g.set.current != g {
		return nil, g.refuse(to)
	}
	if err == nil {
		err = ErrExit
	}
	to = to.alive()
	to.deliver(nil, err)
	return g.transfer(to)
}

// refuse says why g may not switch to to.
func (g *Greenlet) refuse(to *Greenlet) error {
	switch {
	case g.set.stopping == g:
		return ErrExit
	case g.set.closed:
		return ErrClosed
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
// because the sender's slice is only borrowed.
func (g *Greenlet) deliver(args []any, err error) {
	switch n := len(args); {
	case n == 0:
		g.recv = nil
	case n <= inboxSize:
		copy(g.inbox[:], args)
		g.recv = g.inbox[:n]
	default:
		g.recv = append([]any(nil), args...)
	}
	g.err = err
}

// send leaves args for g's next resumption, as deliver does with a nil
// error, but does not store the error: it is nil already, because take
// clears it whenever g resumes.
func (g *Greenlet) send(args []any) {
	switch n := len(args); {
	case n == 0:
		g.recv = nil
	case n <= inboxSize:
		copy(g.inbox[:], args)
		g.recv = g.inbox[:n]
	default:
		g.recv = append([]any(nil), args...)
	}
}

// deliver1 leaves the single value v for g's next resumption.
func (g *Greenlet) deliver1(v any) {
	g.inbox[0] = v
	g.recv = g.inbox[:1]
	g.err = nil
}

// take returns what g was resumed with and forgets the error, so that it
// is raised once.
func (g *Greenlet) take() ([]any, error) {
	vals, err := g.recv, g.err
	if err != nil {
		g.err = nil
	}
	return vals, err
}

// transfer runs other greenlets until one of them resumes g.
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
func (g *Greenlet) transfer(to *Greenlet) ([]any, error) {
	s := g.set
	for to != g {
		if to.onStack {
			s.target = to
			g.onStack = false
			if !g.yield(struct{}{}) {
				g.err = nil
				return nil, ErrExit
			}
			return g.take()
		}
		s.current = to
		to.onStack = true
		if to.started {
			to.resume()
		} else {
			to.start()
		}
		to = s.target
	}
	s.current = g
	return g.take()
}
