// Package greenlet provides explicit symmetric coroutines with the
// semantics of Python's greenlet: a greenlet runs only when switched to,
// switches carry values both ways, and a greenlet that ends hands its
// result, or its error, to its parent.
//
// The shortest use:
//
//	main := greenlet.NewMain()
//	defer main.Close()
//	g := greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
//		reply, err := self.Switch(self.Parent(), "hello "+args[0].(string))
//		if err != nil {
//			return nil, err
//		}
//		return reply, nil
//	}, main)
//	v, _ := main.Switch(g, "world") // [hello world]
//	v, _ = main.Switch(g, "bye")    // [bye]: g returned it and is dead
//
// Greenlets are for code that wants to decide itself when to hand over
// control: generators, state machines, simulations, ports of greenlet
// programs. For concurrent I/O, use goroutines (Pylon's task package):
// greenlets of one set never run in parallel.
//
// # Sets and the main greenlet
//
// A set of greenlets belongs to the goroutine that makes it with
// [NewMain], as Python's greenlets belong to a thread. Its main greenlet
// stands for that goroutine: it is running when NewMain returns, it has
// no parent, and it is not dead until [Greenlet.Close].
//
// Go has no goroutine-local storage, and a greenlet runs on a goroutine
// of its own (the runtime coroutine behind [iter.Pull]), so the package
// cannot find "the current greenlet" from the calling goroutine the way
// Python's getcurrent finds it from the thread. The caller names itself
// instead: every run function receives its own *Greenlet, every switch is
// a method of the greenlet that switches away ([Greenlet.Switch],
// [Greenlet.Throw]), and [Greenlet.Current] and [Greenlet.Main] answer
// for the set of the greenlet they are asked of.
//
// # Rules
//
//  1. A greenlet is made by [New] from a run function and a parent; pass
//     the creating greenlet as the parent for Python's default. It does
//     nothing until first switched to, and the values of that first switch
//     are passed to run.
//  2. A switch suspends the greenlet that makes it and resumes the target.
//     The values a later switch sends become the result of the target's
//     own pending switch: none, one or several. A switch to the running
//     greenlet returns the sent values at once.
//  3. When run returns, its values go to its parent, whose pending switch
//     returns them, and the greenlet is dead. If the parent never started,
//     it starts now, with those values as its arguments.
//  4. A switch or throw to a dead greenlet goes to its parent, or the
//     parent's parent, and so on; the main greenlet ends every chain.
//     As in Python, the dead greenlet eats an [ErrExit] thrown to it,
//     which arrives as a value; any other error is raised there.
//  5. An error returned by run, or a panic escaping it, kills the
//     greenlet and is returned by the parent's pending switch, passing
//     dead parents as in rule 4. A panic arrives as a [*PanicError] that
//     keeps the panic value and the stack of the panicking greenlet.
//  6. [Greenlet.Throw] raises an error in the target: its pending switch
//     returns the error. If the target handles it and switches back, Throw
//     returns what it sent; if run returns the error, it goes to the
//     parent. Throw with a nil error raises [ErrExit], Python's
//     GreenletExit: a greenlet that dies of ErrExit hands it to its parent
//     as its single value, not as an error. A throw into a greenlet that
//     never started kills it without calling run.
//  7. [Greenlet.SetParent] changes the parent and refuses a cycle with
//     [ErrCycle]. [Greenlet.Dead], [Greenlet.Started] and [Greenlet.Active]
//     report the states.
//  8. A greenlet left suspended stays suspended, holding its goroutine,
//     until it is switched to, thrown into or its set is closed:
//     [Greenlet.Close] raises ErrExit in every started greenlet of the set
//     not yet dead, the most recently started first, so their deferred
//     functions run; a greenlet that never started is dead from then on,
//     without running. Dropping a suspended greenlet does nothing by
//     itself: unlike CPython, Go's collector cannot notice it, because
//     its stack keeps it reachable. Always defer Close after NewMain. A
//     greenlet dropped before it started holds nothing and is collected
//     like any value.
//  9. A switch, throw or parent change that would cross into another set,
//     which belongs to another goroutine, is refused with [ErrOtherSet],
//     as greenlet refuses switches across threads. Only the running
//     greenlet of a set can switch away; any other gets [ErrNotCurrent].
//     What the package cannot check is the goroutine itself: Go gives a
//     goroutine no identity to compare cheaply, so a goroutine that is
//     handed another set's greenlets and switches them, as if it were
//     that set's, is not refused; like calling an [iter.Pull] function
//     from two goroutines, it is a data race (the race detector reports
//     it when the two overlap). Pass values between goroutines with
//     channels, not greenlets.
//  10. A greenlet knows itself from the self argument of run, its main
//     greenlet from [Greenlet.Main], and the running greenlet of its set
//     from [Greenlet.Current].
//
// # Python names
//
// greenlet(run, parent) is [New]; g.switch(*args) is self.Switch(g,
// args...), a method of the greenlet switching away; g.throw(...) is
// self.Throw(g, err), and g.throw() is self.Throw(g, nil); GreenletExit
// is [ErrExit]; g.parent and its setter are [Greenlet.Parent] and
// [Greenlet.SetParent]; g.dead is [Greenlet.Dead], bool(g) is
// [Greenlet.Active]; getcurrent() is the self argument of run, or
// [Greenlet.Current] of any greenlet of the set; a thread's main
// greenlet is [NewMain]; greenlet.error is [ErrOtherSet] and
// [ErrNotCurrent]. docs/greenlet.md has the full table and the reasons
// for each difference.
//
// # Values
//
// Switch takes its values as ...any and returns them as []any. The slice
// a switch returns is the receiving greenlet's own buffer, valid until
// that greenlet switches again, so that switching allocates nothing for
// up to four values (boxing a value into an any may allocate, as
// anywhere in Go). The arguments of run are a copy that stays valid.
//
// # Cost
//
// A greenlet resumes another with its coroutine's next function, so a
// switch between a greenlet and the one that resumed it, such as main
// and a greenlet or a generator and its consumer, is one runtime
// coroutine switch; a switch to a greenlet further down the chain of
// resumers passes through each, which amortizes to at most two per
// switch. See docs/greenlet.md for numbers.
package greenlet
