package task

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
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
// configuration. All methods may be called concurrently, but Go must not be
// called after Wait has returned: Wait cancels the group's context, as
// errgroup's does. Panics in tasks are recovered into *PanicError and count
// as errors.
type Group struct {
	once   sync.Once
	cfg    GroupConfig
	ctx    context.Context
	cancel context.CancelCauseFunc
	sem    chan struct{}
	meta   *meta // of the tasks started by Go and TryGo
	m      members

	errMu sync.Mutex
	err   error // fail-fast: the first error
	errs  []seqErr
}

type seqErr struct {
	seq uint64
	err error
}

// NewGroup returns a Group configured by cfg whose context is derived
// from ctx.
func NewGroup(ctx context.Context, cfg GroupConfig) *Group {
	g := &Group{cfg: cfg}
	g.once.Do(func() { g.setup(ctx) })
	return g
}

func (g *Group) setup(ctx context.Context) {
	g.ctx, g.cancel = context.WithCancelCause(ctx)
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

// Context returns the group's context: the parent of the tasks started by
// Go, cancelled on the first error of a fail-fast group and when Wait
// returns.
func (g *Group) Context() context.Context {
	g.lazy()
	return g.ctx
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
	t.setup(g.ctx, &spec) // runNow: no Delay, no Pool
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
		if g.cfg.CollectAll {
			g.errs = append(g.errs, seqErr{c.seq, err})
			g.errMu.Unlock()
		} else if g.err == nil {
			g.err = err
			g.errMu.Unlock()
			g.cancel(err)
			g.m.killAll()
		} else {
			g.errMu.Unlock()
		}
	}
	g.m.remove(c)
}

// Wait waits for every task in the group to end, cancels the group's
// context, and returns the first error (fail-fast) or all errors joined
// (CollectAll), or nil.
func (g *Group) Wait() error {
	g.lazy()
	g.m.wait(context.Background())
	g.errMu.Lock()
	defer g.errMu.Unlock()
	g.cancel(context.Canceled)
	if !g.cfg.CollectAll {
		return g.err
	}
	slices.SortFunc(g.errs, func(a, b seqErr) int { return cmp.Compare(a.seq, b.seq) })
	errs := make([]error, len(g.errs))
	for i, e := range g.errs {
		errs[i] = e.err
	}
	return errors.Join(errs...)
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
