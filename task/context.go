package task

import (
	"context"
	"time"
)

// taskContext is the context.Context a task's function receives. It is the
// task's own memory viewed through another method set, so Go and Spawn
// allocate no context: context.WithCancel would cost two allocations per
// task. Its Done channel is made only when someone asks for it, and only
// then is the task hooked to its parent's cancellation, so a task that
// never selects on ctx.Done pays nothing for cancellation.
//
// It implements the AfterFunc method that package context looks for, so
// contexts derived from it (WithTimeout inside a task) are cancelled with
// it without a goroutine each.
type taskContext core

func (x *taskContext) core() *core { return (*core)(x) }

// Deadline returns the parent's deadline: a task adds none.
func (x *taskContext) Deadline() (time.Time, bool) { return x.parent.Deadline() }

// Value returns the parent's value for key.
func (x *taskContext) Value(key any) any { return x.parent.Value(key) }

// Done returns a channel closed when the task is killed, its parent is
// cancelled, or its function has returned.
func (x *taskContext) Done() <-chan struct{} {
	c := x.core()
	c.mu.Lock()
	ex := c.ext()
	if ex.ctxDone == nil {
		if c.ctxErr != nil {
			ex.ctxDone = closedchan
		} else {
			ex.ctxDone = make(chan struct{})
		}
	}
	d := ex.ctxDone
	c.mu.Unlock()
	c.watchParent()
	return d
}

// Err returns nil until the context is done. It checks the parent itself,
// because the parent's cancellation reaches a lazily watched task
// asynchronously; cancelling here keeps Err and Done consistent.
func (x *taskContext) Err() error {
	c := x.core()
	c.mu.Lock()
	err := c.ctxErr
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if perr := c.parent.Err(); perr != nil {
		c.cancel(perr)
		c.mu.Lock()
		err = c.ctxErr
		c.mu.Unlock()
	}
	return err
}

// String names the context after its task, for package context's messages.
func (x *taskContext) String() string {
	return "task.Context(" + x.m.name + ")"
}

// afterFunc is one registration made by AfterFunc; its identity is its
// pointer, so stop can find it.
type afterFunc struct{ f func() }

// AfterFunc arranges for f to be called when the context is done, and is
// what package context uses to propagate cancellation to contexts derived
// from a task's. f is called synchronously by whoever cancels (after the
// task's lock is released), so children are cancelled by the time Kill
// returns; if the context is already done, f runs in a new goroutine.
func (x *taskContext) AfterFunc(f func()) (stop func() bool) {
	c := x.core()
	c.watchParent()
	a := &afterFunc{f: f}
	c.mu.Lock()
	if c.ctxErr != nil {
		c.mu.Unlock()
		go f()
		return func() bool { return false }
	}
	ex := c.ext()
	ex.afterFuncs = append(ex.afterFuncs, a)
	c.mu.Unlock()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, b := range ex.afterFuncs {
			if b == a {
				ex.afterFuncs = append(ex.afterFuncs[:i], ex.afterFuncs[i+1:]...)
				return true
			}
		}
		return false
	}
}

// watchParent hooks the task to its parent's cancellation, once, and only
// if the parent can be cancelled at all.
func (c *core) watchParent() {
	c.mu.Lock()
	if c.watching || c.ctxErr != nil {
		c.mu.Unlock()
		return
	}
	c.watching = true
	c.mu.Unlock()
	p := c.parent
	if p.Done() == nil {
		return
	}
	stop := context.AfterFunc(p, func() { c.cancel(p.Err()) })
	c.mu.Lock()
	if c.ctxErr != nil {
		// Cancelled (or ended) while we registered: release the parent now.
		c.mu.Unlock()
		stop()
		return
	}
	c.ext().stopParent = stop
	c.mu.Unlock()
}

// cancel makes the task's context done with err (first call wins), releases
// its hook on the parent, cancels derived contexts, and ends the task if it
// had not started yet.
func (c *core) cancel(err error) {
	c.mu.Lock()
	if c.ctxErr != nil {
		c.mu.Unlock()
		return
	}
	c.ctxErr = err
	var fs []*afterFunc
	var stop func() bool
	if x := c.x.Load(); x != nil {
		if x.ctxDone != nil {
			close(x.ctxDone)
		} // else Done will return closedchan
		fs, x.afterFuncs = x.afterFuncs, nil
		stop, x.stopParent = x.stopParent, nil
	}
	pending := State(c.state.Load()) == Pending
	c.mu.Unlock()
	if stop != nil {
		stop()
	}
	for _, a := range fs {
		a.f()
	}
	if pending {
		c.endPending(err)
	}
}

// closedchan is the Done channel of contexts and tasks that were done
// before anyone asked for the channel.
var closedchan = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()
