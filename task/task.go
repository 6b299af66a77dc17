package task

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Spec names and places a task. Its zero value is a task named "task",
// with no owner, started at once, recorded in DefaultRegistry, in no Group
// or Pool.
type Spec struct {
	// Name is shown by Name, the Registry and Metrics. If empty, "task".
	// Prefer a small fixed set of names ("fetch-user"), not one per call:
	// metrics may use it as a label.
	Name string
	// Owner is who the task works for, typically a request ID; the
	// Registry shows it so a monitor can group tasks by request. If
	// empty, none.
	Owner string
	// Delay, if positive, starts the task after Delay (gevent's
	// spawn_later). Until then it is Pending and costs a timer, not a
	// goroutine; killing it or cancelling its context ends it without
	// running fn. Metrics hear of it when it starts (see Metrics). If
	// zero or negative, the task starts at once.
	Delay time.Duration
	// Registry records the task while it is alive. If nil,
	// DefaultRegistry.
	Registry *Registry
	// Group, if set, adds the task to g: g.Wait waits for it, g.Len counts
	// it, g.KillAll and a fail-fast g kill it, and its error is reported
	// by g.Wait. The ctx passed to Spawn stays the task's parent. Group's
	// Limit is not applied to tasks added this way; use Pool for that.
	Group *Group
	// Pool, if set, runs the task in p: Spawn waits for a free slot (with
	// Delay, the task waits in its own goroutine when the delay ends). If
	// ctx ends first, Spawn returns a task that has already ended Killed
	// with ctx's error without running fn.
	Pool *Pool
	// Timeout, if positive, limits each run of fn as WithTimeout does: fn's
	// context gets a deadline Timeout after the task starts, and an error
	// caused by it matches ErrTimeout. If zero or negative, no limit.
	Timeout time.Duration

	groupSlot bool  // holds a slot of Group's Limit
	poolSlot  bool  // the caller already holds a slot of Pool
	meta      *meta // shared by the caller's tasks (a Group's), if set
}

// meta is what a task was spawned as. Tasks started by Go share one, and
// a Group's tasks share the Group's, which keeps four fields out of every
// Task.
type meta struct {
	name  string
	owner string
	reg   *Registry
	group *Group
}

// defaultMeta is the meta of tasks spawned with a zero Spec.
var defaultMeta atomic.Pointer[meta]

// metaOf returns the meta for spec, allocating one only when it differs
// from the shared ones.
func metaOf(spec *Spec) *meta {
	if spec.meta != nil {
		return spec.meta
	}
	reg := spec.Registry
	if reg == nil {
		reg = DefaultRegistry
	}
	if (spec.Name == "" || spec.Name == "task") && spec.Owner == "" && spec.Group == nil {
		// DefaultRegistry is a variable, so check the cached meta still
		// matches it.
		if m := defaultMeta.Load(); m != nil && m.reg == reg {
			return m
		}
		m := &meta{name: "task", reg: reg}
		if reg == DefaultRegistry {
			defaultMeta.Store(m)
		}
		return m
	}
	m := &meta{name: spec.Name, owner: spec.Owner, reg: reg, group: spec.Group}
	if m.name == "" {
		m.name = "task"
	}
	return m
}

// Task is a function running in its own goroutine, with a name, a state, a
// result and a way to be cancelled: gevent's Greenlet, in Go.
//
// All methods may be called concurrently from any goroutine. A panic in the
// task's function is recovered into a *PanicError and becomes its error;
// callbacks registered with OnDone, OnSuccess and OnError are recovered the
// same way and reported to the Registry (OnPanic, WatchPanics) with an
// error matching ErrCallbackPanic.
//
// A task remembers whether its error has been observed: returned by Wait
// or Err, or passed to an OnError callback. A Group reports it in
// Failure.Observed, so that whoever ends the group can log the failures
// nobody looked at, as asyncio logs "exception was never retrieved".
type Task[T any] struct {
	core
	fn    func(context.Context) (T, error)
	value T
}

// core is everything about a task except its result type, so that the
// Registry, Group and Pool handle tasks of every T alike. What only some
// tasks use lives in extra, behind one pointer, to keep Task small.
type core struct {
	parent context.Context

	mu        sync.Mutex
	state     atomic.Int32
	watching  bool // parent cancellation hooked (see watchParent)
	killed    bool // Kill called, or cancelled while pending
	finished  bool
	slot      bool        // holds a Pool slot
	groupSlot bool        // holds a slot of Group's Limit
	trackGID  bool        // record the goroutine ID (Registry.TrackGoroutines at spawn)
	begun     bool        // start is set
	observed  atomic.Bool // its error was handed out: see observe
	ctxErr    error
	done      chan struct{} // made lazily; closedchan if ended first
	start     int64         // clock() when it started
	ran       time.Duration // how long it ran; set when it ends
	err       error
	x         atomic.Pointer[extra] // set once, under mu or before the task is shared

	m   *meta
	seq uint64   // order of addition to the group, for collect-all errors
	rn  taskNode // registry membership; rn.id is the task's ID
	gl  link     // group membership
}

// extra is the part of a task that most tasks never need: a delayed
// start, a Pool, callbacks, derived contexts, a goroutine ID.
type extra struct {
	timer      *time.Timer
	pool       *Pool
	pl         link // pool membership
	callbacks  []func()
	ctxDone    chan struct{}
	afterFuncs []*afterFunc
	stopParent func() bool
	ended      time.Time // of a task that ended without starting
	gid        atomic.Uint64
}

// ext returns c's extra, making it if need be. Callers hold c.mu or own c
// exclusively (during Spawn).
func (c *core) ext() *extra {
	x := c.x.Load()
	if x == nil {
		x = new(extra)
		c.x.Store(x)
	}
	return x
}

// pool returns the task's Pool, or nil.
func (c *core) pool() *Pool {
	if x := c.x.Load(); x != nil {
		return x.pool
	}
	return nil
}

// Go runs fn in a new task with a zero Spec and returns at once.
// fn receives a context that is done when the task is killed, when ctx is
// done, or when fn returns.
func Go[T any](ctx context.Context, fn func(context.Context) (T, error)) *Task[T] {
	return Spawn(ctx, Spec{}, fn)
}

// Later runs fn in a new task after d (gevent's spawn_later).
func Later[T any](ctx context.Context, d time.Duration, fn func(context.Context) (T, error)) *Task[T] {
	return Spawn(ctx, Spec{Delay: d}, fn)
}

// Spawn runs fn in a new task described by spec. It returns at once unless
// spec.Pool is set and the pool is full.
func Spawn[T any](ctx context.Context, spec Spec, fn func(context.Context) (T, error)) *Task[T] {
	if d := spec.Timeout; d > 0 {
		inner := fn
		fn = func(ctx context.Context) (T, error) { return WithTimeout(ctx, d, inner) }
	}
	t := &Task[T]{fn: fn}
	switch t.setup(ctx, &spec) {
	case runNow:
		go t.run()
	case runLater:
		t.later(spec.Delay, t.startLater)
	case refused:
		t.fn = nil
	}
	return t
}

// How setup tells Spawn to go on.
const (
	runNow = iota
	runLater
	refused // by its Pool: the task has ended
)

// setup fills in a new task and, unless it is delayed or refused, makes it
// Running and visible. It is Spawn without the parts that depend on T.
func (c *core) setup(ctx context.Context, spec *Spec) int {
	m := metaOf(spec)
	c.parent = ctx
	c.m = m
	c.trackGID = m.reg.trackGoroutines.Load()
	pool := spec.Pool
	if pool != nil || c.trackGID || spec.Delay > 0 {
		c.ext().pool = pool
	}
	c.groupSlot = spec.groupSlot
	c.slot = spec.poolSlot
	if pool != nil && spec.Delay <= 0 && !c.slot {
		if err := pool.acquire(ctx); err != nil {
			c.state.Store(int32(Killed))
			c.finished, c.killed, c.err, c.done = true, true, err, closedchan
			c.ctxErr = err
			return refused
		}
		c.slot = true
	}
	if spec.Delay > 0 {
		return runLater
	}
	c.start, c.begun = clock(), true
	c.state.Store(int32(Running)) // from now on, killing it only cancels its context
	c.join()
	c.m.reg.started(KindTask, c.m.name)
	return runNow
}

// later makes a delayed task visible and arms its timer. A pending task
// ends as soon as it is killed, and it can be killed once it is visible
// (in the Registry or its Group); the lock holds that off until it is in
// all its lists.
func (c *core) later(d time.Duration, start func()) {
	c.mu.Lock()
	c.join()
	c.x.Load().timer = time.AfterFunc(d, start)
	c.mu.Unlock()
	c.watchParent() // so that cancelling ctx ends a pending task
}

// join makes a new task visible: in its Registry, Group and Pool. Metrics
// hear of it when it starts running, which for a delayed task is later.
func (c *core) join() {
	c.m.reg.addTask(c)
	if g := c.m.group; g != nil {
		g.join(c)
	}
	if pool := c.pool(); pool != nil {
		pool.members.add(c)
	}
}

// startLater is the timer callback of a delayed task; it runs the task in
// the timer's goroutine.
func (t *Task[T]) startLater() {
	c := &t.core
	pool := c.pool()
	if pool != nil {
		if err := pool.acquire(c.ctx()); err != nil {
			c.endPending(err)
			return
		}
	}
	c.mu.Lock()
	if c.killed || c.finished {
		c.mu.Unlock()
		if pool != nil {
			pool.release()
		}
		return
	}
	c.slot = pool != nil
	c.start, c.begun = clock(), true
	c.state.Store(int32(Running))
	c.mu.Unlock()
	c.m.reg.started(KindTask, c.m.name)
	t.run()
}

func (t *Task[T]) run() {
	c := &t.core
	c.enter()
	normal := false
	defer func() {
		if !normal {
			t.fn = nil
			c.finish(panicked(recover()), Panicked)
		}
	}()
	v, err := t.fn(c.ctx())
	normal = true
	t.value = v
	t.fn = nil // let the closure be collected while the Task is referenced
	c.finish(err, 0)
}

// enter is the first thing a task's goroutine does.
func (c *core) enter() {
	if c.trackGID {
		c.x.Load().gid.Store(goroutineID())
	}
}

// panicked returns the error of a function that did not return: r is
// recover's result, nil after runtime.Goexit.
func panicked(r any) error {
	if r != nil {
		return newPanicError(r)
	}
	return ErrGoexit
}

func (c *core) ctx() context.Context { return (*taskContext)(c) }

// finish records the task's result and tells everyone who is waiting. st
// is Panicked, Killed, or 0 to decide from err.
func (c *core) finish(err error, st State) {
	c.mu.Lock()
	if c.finished {
		c.mu.Unlock()
		return
	}
	c.finished = true
	if st == 0 {
		switch {
		case err == nil:
			st = Succeeded
		case c.killed || errors.Is(c.ctxErr, context.Canceled) || errors.Is(c.parent.Err(), context.Canceled):
			st = Killed
		default:
			st = Failed
		}
	}
	c.err = err
	x := c.x.Load()
	var d time.Duration
	begun := c.begun
	if begun {
		d = time.Duration(clock() - c.start)
		c.ran = d
	} else {
		x.ended = time.Now() // only a delayed task ends unstarted; it has x
	}
	done := c.done
	if done == nil {
		c.done = closedchan
	}
	var cbs []func()
	var pool *Pool
	slow := false
	if x != nil {
		cbs, x.callbacks = x.callbacks, nil
		pool = x.pool
		slow = x.ctxDone != nil || x.afterFuncs != nil || x.stopParent != nil
	}
	slot := c.slot
	c.slot = false
	// Out of the Registry before the state says ended, so that whoever
	// sees the task ended (Wait, State) no longer finds it there. The
	// Registry never takes a task's lock while it holds a shard's.
	c.m.reg.removeTask(c)
	c.state.Store(int32(st))
	// Cancel the task's context (releasing its parent and derived
	// contexts) under the same lock when nothing else needs doing.
	slow = c.ctxErr == nil && slow
	if c.ctxErr == nil && !slow {
		c.ctxErr = context.Canceled
	}
	c.mu.Unlock()

	if slow {
		c.cancel(context.Canceled)
	}
	if begun { // Metrics never heard of a task that did not start
		c.m.reg.ended(KindTask, c.m.name, st, d)
	}
	if st == Panicked {
		c.m.reg.panicked(c.info(), err)
	}
	if slot {
		pool.release()
	}
	if done != nil {
		close(done)
	}
	for _, f := range cbs {
		c.callback(f)
	}
	if pool != nil {
		pool.members.remove(c)
	}
	if g := c.m.group; g != nil {
		g.leave(c, err, st)
	}
}

// endPending ends a task that has not started, with err.
func (c *core) endPending(err error) {
	c.mu.Lock()
	if State(c.state.Load()) != Pending || c.finished {
		c.mu.Unlock()
		return
	}
	c.killed = true // stops startLater if its timer already fired
	var timer *time.Timer
	if x := c.x.Load(); x != nil {
		timer = x.timer
	}
	c.mu.Unlock()
	if timer != nil {
		timer.Stop()
	}
	c.finish(err, Killed)
}

// callback runs f, recovering a panic and reporting it to the Registry, so
// that a bad callback cannot crash the task's goroutine.
func (c *core) callback(f func()) {
	defer func() {
		if r := recover(); r != nil {
			c.m.reg.panicked(c.info(), &callbackPanic{newPanicError(r)})
		}
	}()
	f()
}

// onDone runs f once after the task ends: later, in the task's goroutine,
// or now, in the caller's, if it has already ended.
func (c *core) onDone(f func()) {
	c.mu.Lock()
	if !c.finished {
		x := c.ext()
		x.callbacks = append(x.callbacks, f)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	c.callback(f)
}

// Wait waits for the task to end and returns its result, or ctx's error if
// ctx is done first (the task keeps running). Many goroutines may Wait.
func (t *Task[T]) Wait(ctx context.Context) (T, error) {
	if !State(t.state.Load()).Ended() {
		// A task just spawned is usually runnable on this P, often with
		// siblings: yielding once lets them run before we pay for
		// making the Done channel, parking and being woken.
		runtime.Gosched()
	}
	if !State(t.state.Load()).Ended() {
		cd := ctx.Done()
		if cd == nil {
			<-t.Done() // cheaper than a select
		} else {
			select {
			case <-t.Done():
			case <-cd:
				var zero T
				return zero, ctx.Err()
			}
		}
	}
	if t.err != nil {
		t.observe()
	}
	return t.value, t.err
}

// Value returns the task's result value once it has ended, or the zero T
// while it runs (gevent's value).
func (t *Task[T]) Value() T {
	if State(t.state.Load()).Ended() {
		return t.value
	}
	var zero T
	return zero
}

// OnDone arranges for f to run once after the task ends (gevent's link).
// f runs in the task's goroutine after Done is closed, so Wait may return
// before f has run; a Group's Wait waits for it. If the task has already
// ended, f runs now in the caller's goroutine. Callbacks run in the order
// they were added.
func (t *Task[T]) OnDone(f func(*Task[T])) { t.onDone(func() { f(t) }) }

// OnSuccess arranges for f to run with the result if the task succeeds
// (gevent's link_value). It runs as OnDone's callbacks do.
func (t *Task[T]) OnSuccess(f func(T)) {
	t.onDone(func() {
		if t.err == nil {
			f(t.value)
		}
	})
}

// OnError arranges for f to run with the error if the task fails, is
// killed or panics (gevent's link_exception). It runs as OnDone's
// callbacks do.
func (t *Task[T]) OnError(f func(error)) {
	t.onDone(func() {
		if t.err != nil {
			t.observe()
			f(t.err)
		}
	})
}

// observe records that the task's error has been handed out, for its
// Group's Failures. It runs only for failed tasks.
func (c *core) observe() {
	if c.observed.Swap(true) {
		return
	}
	if g := c.m.group; g != nil {
		g.observe(c.seq)
	}
}

// Done returns a channel that is closed when the task has ended.
func (c *core) Done() <-chan struct{} {
	c.mu.Lock()
	if c.done == nil {
		c.done = make(chan struct{})
	}
	d := c.done
	c.mu.Unlock()
	return d
}

// Kill cancels the task's context; a pending task ends at once without
// running. Go cannot stop a goroutine, so a running task ends only when its
// function returns: use KillWait to find out whether it does. Killing an
// ended task does nothing.
func (c *core) Kill() {
	c.mu.Lock()
	if !c.finished {
		c.killed = true
	}
	c.mu.Unlock()
	c.cancel(context.Canceled)
}

// KillWait kills the task and waits for it to end. If ctx is done first,
// the task is ignoring its context and KillWait returns an error that
// matches ErrStuck and ctx's error. Pass a ctx with a deadline.
func (c *core) KillWait(ctx context.Context) error {
	c.Kill()
	return c.waitEnd(ctx)
}

func (c *core) waitEnd(ctx context.Context) error {
	if State(c.state.Load()).Ended() {
		return nil
	}
	select {
	case <-c.Done():
		return nil
	case <-ctx.Done():
		return fmt.Errorf("task %q (id %d): %w: %w", c.m.name, c.rn.id, ErrStuck, context.Cause(ctx))
	}
}

// ErrStuck is matched (errors.Is) by the error of KillWait and similar calls
// when a task or service did not end after being cancelled.
var ErrStuck = errors.New("task: stuck: did not return after cancellation")

// ID returns the task's Registry ID, unique within its Registry.
func (c *core) ID() uint64 { return c.rn.id }

// Name returns the name from its Spec ("task" by default).
func (c *core) Name() string { return c.m.name }

// Owner returns the owner from its Spec.
func (c *core) Owner() string { return c.m.owner }

// State returns the task's current state.
func (c *core) State() State { return State(c.state.Load()) }

// Alive reports whether the task has not ended yet (pending or running).
func (c *core) Alive() bool { return !c.State().Ended() }

// Ready reports whether the task has ended (gevent's ready).
func (c *core) Ready() bool { return c.State().Ended() }

// Successful reports whether the task ended with a nil error (gevent's
// successful).
func (c *core) Successful() bool { return c.State() == Succeeded }

// Err returns the task's error once it has ended, or nil while it runs
// (gevent's exception).
func (c *core) Err() error {
	if c.State().Ended() {
		if c.err != nil {
			c.observe()
		}
		return c.err
	}
	return nil
}

// Started returns when the task started running, or the zero Time if it
// has not.
//
// Started and Ended are read from the monotonic clock and expressed as an
// offset from a Time taken when the package was initialized, which costs
// one clock read each instead of time.Now's wall and monotonic reads.
// They compare and subtract exactly (by the monotonic clock), but their
// wall-clock reading does not follow changes to the system clock made
// after the process started. In a testing/synctest bubble they follow the
// bubble's fake clock.
func (c *core) Started() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.startedAt()
}

// startedAt is Started with c.mu held.
func (c *core) startedAt() time.Time {
	if !c.begun {
		return time.Time{}
	}
	return epoch.Add(time.Duration(c.start))
}

// Ended returns when the task ended, or the zero Time if it has not. See
// Started about its clock.
func (c *core) Ended() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case !c.finished:
		return time.Time{}
	case !c.begun:
		if x := c.x.Load(); x != nil {
			return x.ended
		}
		return time.Time{} // refused by its Pool: it never ran
	}
	return epoch.Add(time.Duration(c.start) + c.ran)
}

// epoch is the origin of clock. Its monotonic reading makes the Times
// built from it (Started, Ended) compare and subtract by the monotonic
// clock, like time.Now's.
var epoch = time.Now()

// clock returns nanoseconds since epoch: one monotonic clock read, where
// time.Now would read the wall clock as well, and 8 bytes to store instead
// of a Time's 24. Inside a testing/synctest bubble it follows the bubble's
// fake clock (and is negative, as that clock starts in 2000).
func clock() int64 { return int64(time.Since(epoch)) }

// goroutineID returns the calling goroutine's ID by parsing the header of
// its stack trace ("goroutine 123 [running]:"). It costs about 2µs, which
// is why Registry only does it when asked to (TrackGoroutines).
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	const prefix = "goroutine "
	if len(b) < len(prefix) {
		return 0
	}
	var id uint64
	for _, ch := range b[len(prefix):] {
		if ch < '0' || ch > '9' {
			break
		}
		id = id*10 + uint64(ch-'0')
	}
	return id
}
