package greenlet

import (
	"errors"
	"iter"
	"runtime/debug"
	"slices"
)

// start begins g on its own coroutine, or, if a throw is waiting for it,
// kills it without calling run.
func (g *Greenlet) start() {
	if g.err != nil {
		g.finish(nil, g.err)
		return
	}
	g.started = true
	g.state = onStack
	g.set.link(g)
	g.resume, g.stop = iter.Pull(g.body)
	g.resume()
}

// body is the coroutine: it runs run and hands its result to the parent.
// The main greenlet's loop sees the coroutine end and resumes the parent.
func (g *Greenlet) body(yield func(struct{}) bool) {
	g.yield = yield
	// run may keep its arguments across switches, so they must not
	// alias the inbox that later switches overwrite.
	args := slices.Clone(g.recv)
	g.recv = nil
	returned := false
	defer func() {
		if returned {
			return
		}
		if r := recover(); r != nil {
			g.finish(nil, &PanicError{Value: r, Stack: debug.Stack()})
			return
		}
		// runtime.Goexit: iter.Pull passes it on to each resumer down
		// to the main greenlet's goroutine, which exits too; leave the
		// set as its deferred Close expects.
		g.die()
		g.set.current = g.set.main
	}()
	vals, err := g.run(g, args...)
	returned = true
	g.finish(vals, err)
}

// finish makes g dead and sends its result to its nearest live ancestor,
// which the main greenlet's loop resumes next.
func (g *Greenlet) finish(vals []any, err error) {
	g.die()
	p := g.parent.alive()
	switch {
	case err == nil:
		p.deliver(vals, nil)
	case errors.Is(err, ErrExit):
		p.deliver1(err)
	default:
		p.deliver(nil, err)
	}
	g.set.target = p
}

// die marks g dead and drops what it no longer needs.
func (g *Greenlet) die() {
	g.state = dead
	g.run, g.resume, g.stop, g.yield = nil, nil, nil, nil
	g.set.unlink(g)
}
