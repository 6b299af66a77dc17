// Package task runs concurrent work as named, observable, killable tasks:
// gevent's greenlets, groups, pools, timeouts and links in Go's idioms,
// plus Erlang-style supervisors for long-running services.
//
// A request handler that calls an API, queries a database and reads a file
// should do the three at once. A bare go statement does that, but leaves
// the rest to you: waiting for the results, cancelling the stragglers when
// one fails, surviving a panic, knowing what is still running. Package task
// adds exactly that, for about twice the cost of the goroutine itself
// (docs/benchmarks.md has the numbers).
//
// The shortest use:
//
//	t := task.Go(ctx, func(ctx context.Context) (User, error) {
//		return fetchUser(ctx, id)
//	})
//	user, err := t.Wait(ctx)
//
// Several at once, the first failure cancelling the rest:
//
//	g := task.NewGroup(ctx, task.GroupConfig{})
//	users := task.Spawn(ctx, task.Spec{Name: "users", Group: g, Timeout: time.Second}, fetchUsers)
//	stock := task.Spawn(ctx, task.Spec{Name: "stock", Group: g}, queryStock)
//	if err := g.Wait(); err != nil { ... }
//	render(users.Value(), stock.Value())
//
// # From gevent
//
//   - gevent.spawn(f) is Go(ctx, f); spawn_later is Later or Spec.Delay.
//   - Greenlet.join and get are Task.Wait; value, exception, ready and
//     successful are Value, Err, Ready and Successful.
//   - Greenlet.kill is Kill, which cancels the task's context; KillWait also
//     waits, and reports ErrStuck for a task that ignores cancellation,
//     because Go, unlike gevent, cannot stop a goroutine from outside.
//   - link, link_value and link_exception are OnDone, OnSuccess and OnError.
//   - Group and joinall are Group, which, as gevent's, may be waited for
//     and then given more tasks; Pool, Pool.map and imap_unordered are
//     Pool, Map and MapUnordered.
//   - Timeout and with_timeout are WithTimeout and Spec.Timeout; the error
//     matches ErrTimeout and context.DeadlineExceeded.
//   - Event and AsyncResult are Event and AsyncResult.
//
// There is no hub and no monkey patching: the Go scheduler is the hub, and
// its network poller already parks a goroutine blocked on I/O. Tasks run in
// parallel, not by turns, so data they share needs a mutex or a channel.
//
// # Contexts, panics and the registry
//
// A task's function receives a context that is done when the task is
// killed, when the parent context is done, or when the function returns.
// That context is the Task itself seen as a context.Context, so spawning
// allocates no context of its own.
//
// A panic in a task is recovered in the task's goroutine into a
// *PanicError (the value and the stack), which becomes the task's error,
// ends it in state Panicked, is counted by Metrics and is passed to
// Registry.OnPanic and to the functions given to Registry.WatchPanics. It
// never takes the process down.
//
// A task's error is either observed, handed to the program by Wait, Err
// or an OnError callback, or not; Group.Failures tells which, so that
// failures nobody looked at can be logged when a group ends.
//
// Every live task and service is recorded in a Registry (DefaultRegistry
// unless a Spec or config names another) for a monitor: Snapshot lists
// them as plain structs, Kill and Restart act on them, and Stack shows one
// goroutine's stack when goroutine tracking is on.
package task
