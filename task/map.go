package task

import (
	"context"
	"iter"
)

// Map calls fn on every input, each in its own task, at most p.Size() at
// once (without limit if p is nil), and returns the results in input order
// (gevent's Pool.map). The first error cancels the other calls and is
// returned, with nil results. If ctx is done before every input has run,
// Map returns ctx's error.
func Map[In, R any](ctx context.Context, p *Pool, inputs []In, fn func(context.Context, In) (R, error)) ([]R, error) {
	g := NewGroup(ctx, GroupConfig{})
	gctx := g.Context()
	tasks := make([]*Task[R], 0, len(inputs))
	for i := range inputs {
		if gctx.Err() != nil {
			break
		}
		in := inputs[i]
		tasks = append(tasks, Spawn(gctx, Spec{Name: "map", Group: g, Pool: p},
			func(ctx context.Context) (R, error) { return fn(ctx, in) }))
	}
	err := g.Wait()
	if err == nil {
		// Tasks refused a pool slot never joined the group; neither did
		// the inputs after a break.
		for _, t := range tasks {
			if t.err != nil {
				err = t.err
				break
			}
		}
		if err == nil && len(tasks) < len(inputs) {
			err = ctx.Err()
		}
	}
	if err != nil {
		return nil, err
	}
	out := make([]R, len(tasks))
	for i, t := range tasks {
		out[i] = t.value
	}
	return out, nil
}

// MapUnordered calls fn on every input as Map does, but yields each result
// as soon as its call ends (gevent's imap_unordered). Every input yields
// exactly one pair; an error does not stop the others, and inputs that
// could not start because ctx was done yield ctx's error. Breaking out of
// the loop kills the calls still running and waits for them, so nothing is
// left behind.
func MapUnordered[In, R any](ctx context.Context, p *Pool, inputs []In, fn func(context.Context, In) (R, error)) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		type result struct {
			v   R
			err error
		}
		g := NewGroup(ctx, GroupConfig{CollectAll: true})
		r := g.cur()
		// Buffered for every input, so no task ever blocks on a reader
		// that has stopped.
		out := make(chan result, len(inputs))
		fed := make(chan struct{})
		go func() {
			// Spawn waits here, not in the loop below, for a pool slot.
			defer close(fed)
			for i := range inputs {
				if err := r.ctx.Err(); err != nil {
					for range len(inputs) - i {
						out <- result{err: err}
					}
					return
				}
				in := inputs[i]
				t := Spawn(r.ctx, Spec{Name: "map", Group: g, Pool: p},
					func(ctx context.Context) (R, error) { return fn(ctx, in) })
				t.OnDone(func(t *Task[R]) { out <- result{t.value, t.err} })
			}
		}()
		defer func() {
			r.cancel(context.Canceled)
			<-fed
			g.KillAll()
			g.Wait()
		}()
		for range inputs {
			r := <-out
			if !yield(r.v, r.err) {
				return
			}
		}
	}
}
