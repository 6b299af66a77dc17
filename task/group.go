package task

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// GroupConfig configures a Group. Its zero value is a fail-fast group with
// no limit whose tasks are named "group" and recorded in DefaultRegistry.
type GroupConfig struct {
	// CollectAll, if true, lets every task run to the end and makes Wait
	// return all their errors joined (errors.Join) in the order the tasks
	// were added. If false, the group is fail-fast: the first error cancels
	// the group's context, kills the other tasks, and is the one error
	// Wait returns.
	CollectAll bool
	// DiscardErrors, if true, makes a CollectAll group keep no errors:
	// Wait returns nil and Failures nothing, and each task's error is
	// only on its Task (Err, OnError) and with whatever its function did
	// with it. Use it for a long-lived group that is seldom or never
	// waited for, whose errors would otherwise pile up until Wait. If
	// false, a CollectAll group keeps each failed task's error, name and
	// ID until a Wait reports it. A fail-fast group keeps only its first
	// error either way, and ignores this field.
	DiscardErrors bool
	// Limit, if positive, is how many tasks started by Go and TryGo may run
	// at once; Go waits for one to end. If zero or negative, no limit.
	Limit int
	// Name names the tasks started by Go and TryGo. If empty, "group".
	Name string
	// Owner is the owner of the tasks started by Go and TryGo (a request
	// ID, say). If empty, none.
	Owner string
	// Registry records the tasks started by Go and TryGo. If nil,
	// DefaultRegistry.
	Registry *Registry
}

// Group is a set of tasks waited for together: gevent's Group and joinall,
// shaped like errgroup.Group.
//
// The zero Group is a fail-fast group with no limit over
// context.Background; NewGroup gives it a parent context and a
// configuration. All methods may be called concurrently. Panics in tasks
// are recovered into *PanicError and count as errors.
//
// As in gevent, a Group may be used again after Wait. Its life is a
// series of rounds: Wait waits for the tasks added so far, returns the
// errors that no earlier Wait returned, and cancels the round's context,
// as errgroup's Wait does, which releases it. The next Go, TryGo or
// Context begins a new round, with a new context derived from the parent,
// so tasks added after Wait run normally. A fail-fast group's first error
// cancels its round only. A task added while Wait is returning may belong
// to either round.
type Group struct {
	once   sync.Once
	cfg    GroupConfig
	parent context.Context
	round  atomic.Pointer[round] // the current round; nil from Wait until the next use
	first  round                 // the first round, saving an allocation
	sem    chan struct{}
	meta   *meta // of the tasks started by Go and TryGo
	m      members

	errMu  sync.Mutex // also held to begin a round
	failed failure    // fail-fast: the round's first failure, if failed.err != nil
	errs   []failure  // CollectAll: failures no Wait has returned, as they ended
	// index finds a failure in errs by its task's seq. Only observe needs
	// it, so a group whose tasks' errors nobody asks for one by one never
	// makes it.
	index map[uint64]int
}

// round is a group's life from one Wait to the next.
type round struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
}

// failure is what a group keeps of a failed task: not the task itself,
// which may hold a large value and its parent context.
type failure struct {
	seq      uint64
	id       uint64
	m        *meta
	err      error
	state    State
	observed bool
}

// Failure describes a task of a Group that ended with an error that no
// Wait has returned yet; see Failures.
type Failure struct {
	// ID, Name and Owner are the task's, as in Info.
	ID    uint64
	Name  string
	Owner string
	// State is how the task ended: Failed, Killed or Panicked.
	State State
	// Err is the task's error, a *PanicError if it panicked.
	Err error
	// Observed reports whether, by the time Failures was called, the
	// error had been returned by the task's Wait or Err or passed to its
	// OnError callback: whether the program has seen it.
	Observed bool
}

// NewGroup returns a Group configured by cfg whose context is derived
// from ctx.
func NewGroup(ctx context.Context, cfg GroupConfig) *Group {
	g := &Group{cfg: cfg}
	g.once.Do(func() { g.setup(ctx) })
	return g
}

func (g *Group) setup(ctx context.Context) {
	g.parent = ctx
	g.first.ctx, g.first.cancel = context.WithCancelCause(ctx)
	g.round.Store(&g.first)
	if g.cfg.Limit > 0 {
		g.sem = make(chan struct{}, g.cfg.Limit)
	}
	if g.cfg.Name == "" {
		g.cfg.Name = "group"
	}
	reg := g.cfg.Registry
	if reg == nil {
		reg = DefaultRegistry
	}
	g.meta = &meta{name: g.cfg.Name, owner: g.cfg.Owner, reg: reg, group: g}
}

func (g *Group) lazy() { g.once.Do(func() { g.setup(context.Background()) }) }

// cur returns the current round, beginning one if Wait ended the last.
func (g *Group) cur() *round {
	if r := g.round.Load(); r != nil {
		return r
	}
	g.errMu.Lock()
	defer g.errMu.Unlock()
	return g.curLocked()
}

// curLocked is cur with g.errMu held.
func (g *Group) curLocked() *round {
	if r := g.round.Load(); r != nil {
		return r
	}
	r := new(round)
	r.ctx, r.cancel = context.WithCancelCause(g.parent)
	g.round.Store(r)
	return r
}

// Context returns the context of the group's current round: the parent of
// the tasks started by Go, cancelled on the first error of a fail-fast
// group and when Wait returns. Called after Wait, it begins a new round
// and returns its context.
func (g *Group) Context() context.Context {
	g.lazy()
	return g.cur().ctx
}

// Go runs fn in a new task in the group, waiting first for room if the
// group has a Limit.
func (g *Group) Go(fn func(ctx context.Context) error) {
	g.lazy()
	if g.sem != nil {
		g.sem <- struct{}{}
	}
	g.spawn(fn)
}

// TryGo runs fn in a new task in the group if there is room under its
// Limit, and reports whether it did.
func (g *Group) TryGo(fn func(ctx context.Context) error) bool {
	g.lazy()
	if g.sem != nil {
		select {
		case g.sem <- struct{}{}:
		default:
			return false
		}
	}
	g.spawn(fn)
	return true
}

func (g *Group) spawn(fn func(ctx context.Context) error) {
	m := g.meta
	if g.cfg.Registry == nil && m.reg != DefaultRegistry {
		m = nil // DefaultRegistry was replaced since NewGroup
	}
	spec := Spec{
		Name:      g.cfg.Name,
		Owner:     g.cfg.Owner,
		Registry:  g.cfg.Registry,
		Group:     g,
		groupSlot: g.sem != nil,
		meta:      m,
	}
	t := &groupTask{fn: fn}
	t.setup(g.cur().ctx, &spec) // runNow: no Delay, no Pool
	go t.run()
}

// groupTask is a task started by Group.Go, which returns no handle: it is
// a Task[struct{}] whose function is stored as given, saving the closure
// that adapting it to Spawn would allocate.
type groupTask struct {
	core
	fn func(context.Context) error
}

func (t *groupTask) run() {
	c := &t.core
	c.enter()
	normal := false
	defer func() {
		if !normal {
			t.fn = nil
			c.finish(panicked(recover()), Panicked)
		}
	}()
	err := t.fn(c.ctx())
	normal = true
	t.fn = nil
	c.finish(err, 0)
}

func (g *Group) join(c *core) {
	g.lazy()
	g.m.add(c)
}

// leave records a member's end. The error is recorded before the member
// leaves, so that Wait, which waits for the last member, sees it.
func (g *Group) leave(c *core, err error, st State) {
	if c.groupSlot {
		<-g.sem
	}
	if err != nil {
		g.errMu.Lock()
		// Under errMu, after the task's Wait or Err may have set
		// observed; see observe.
		f := failure{seq: c.seq, id: c.rn.id, m: c.m, err: err, state: st, observed: c.observed.Load()}
		switch {
		case g.cfg.CollectAll:
			if !g.cfg.DiscardErrors {
				g.errs = append(g.errs, f)
				if g.index != nil {
					g.index[f.seq] = len(g.errs) - 1
				}
			}
			g.errMu.Unlock()
		case g.failed.err == nil: // only failures are recorded: err != nil
			g.failed = f
			r := g.curLocked()
			g.errMu.Unlock()
			r.cancel(err)
			g.m.killAll()
		default:
			g.errMu.Unlock()
		}
	}
	g.m.remove(c)
}

// observe marks the failure of the member added seq-th as observed. The
// task has already set its own observed flag, so that leave, if it has
// not run yet, copies it under errMu.
func (g *Group) observe(seq uint64) {
	g.errMu.Lock()
	if g.failed.err != nil && g.failed.seq == seq {
		g.failed.observed = true
	}
	if g.index == nil && len(g.errs) > 0 {
		g.index = make(map[uint64]int, len(g.errs))
		for i, f := range g.errs {
			g.index[f.seq] = i
		}
	}
	if i, ok := g.index[seq]; ok {
		g.errs[i].observed = true
	}
	g.errMu.Unlock()
}

// Wait waits for every task in the group to end and returns the errors no
// earlier Wait has returned: the first error of the round (fail-fast) or
// all of them joined (CollectAll), or nil. It then cancels the round's
// context; see Group about using the group again.
func (g *Group) Wait() error {
	g.lazy()
	g.m.wait(context.Background())
	g.errMu.Lock()
	r := g.round.Swap(nil)
	var err error
	if g.cfg.CollectAll {
		fs := g.sortedLocked()
		errs := make([]error, len(fs))
		for i, f := range fs {
			errs[i] = f.err
		}
		g.errs, g.index = nil, nil
		err = errors.Join(errs...)
	} else if g.failed.err != nil {
		err = g.failed.err
		g.failed = failure{}
	}
	g.errMu.Unlock()
	if r != nil {
		r.cancel(context.Canceled)
	}
	return err
}

// sortedLocked returns the failures not yet reported, in the order the
// tasks were added; g.errMu is held.
func (g *Group) sortedLocked() []failure {
	var fs []failure
	if g.cfg.CollectAll {
		fs = slices.Clone(g.errs)
		slices.SortFunc(fs, func(a, b failure) int { return cmp.Compare(a.seq, b.seq) })
	} else if g.failed.err != nil {
		fs = []failure{g.failed}
	}
	return fs
}

// Failures returns the failures whose errors the next Wait will return,
// in the order the tasks were added: every failed task of a CollectAll
// group (none with DiscardErrors), the first of a fail-fast group. It
// does not wait, and what it returns still counts as not yet reported.
// Whoever ends a group can call it after KillWait, before a last Wait, to
// log the failures nobody observed.
func (g *Group) Failures() []Failure {
	g.lazy()
	g.errMu.Lock()
	fs := g.sortedLocked()
	g.errMu.Unlock()
	out := make([]Failure, len(fs))
	for i, f := range fs {
		out[i] = Failure{
			ID:       f.id,
			Name:     f.m.name,
			Owner:    f.m.owner,
			State:    f.state,
			Err:      f.err,
			Observed: f.observed,
		}
	}
	return out
}

// KillAll kills every task in the group that is alive now. It does not
// wait for them; see KillWait.
func (g *Group) KillAll() {
	g.lazy()
	g.m.killAll()
}

// KillWait kills every task in the group and waits for them to end. If
// ctx is done first, some task is ignoring its context, and KillWait
// returns an error matching ErrStuck and ctx's error.
func (g *Group) KillWait(ctx context.Context) error {
	g.KillAll()
	if err := g.m.wait(ctx); err != nil {
		return fmt.Errorf("task: group %q: %d tasks %w: %w", g.cfg.Name, g.Len(), ErrStuck, context.Cause(ctx))
	}
	return nil
}

// Len returns how many tasks in the group have not ended.
func (g *Group) Len() int {
	g.lazy()
	return g.m.len()
}
