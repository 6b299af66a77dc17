package greenlet_test

import (
	"errors"
	"fmt"

	"github.com/pylonweb/pylon/greenlet"
)

// The first example of greenlet's switching.rst: values travel with each
// switch, and the arguments of run come with the first one.
func Example() {
	main := greenlet.NewMain()
	defer main.Close()

	var gr1, gr2 *greenlet.Greenlet
	gr1 = greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		z, err := self.Switch(gr2, args[0].(string)+args[1].(string))
		if err != nil {
			return nil, err
		}
		fmt.Println(z[0])
		return nil, nil
	}, main)
	gr2 = greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		fmt.Println(args[0])
		return self.Switch(gr1, 42)
	}, main)

	main.Switch(gr1, "hello", " world")
	// Output:
	// hello world
	// 42
}

// A greenlet's result goes to its parent, which by default is the
// greenlet that made it.
func ExampleNew() {
	main := greenlet.NewMain()
	defer main.Close()

	g := greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		return []any{args[0].(int) * 2}, nil
	}, main)
	vals, err := main.Switch(g, 21)
	fmt.Println(vals, err, g.Dead())
	// Output: [42] <nil> true
}

// Throw raises an error at the target's pending switch; with no error it
// kills the target, and the exit comes back as a value.
func ExampleGreenlet_Throw() {
	main := greenlet.NewMain()
	defer main.Close()

	run := func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		_, err := self.Switch(main)
		if errors.Is(err, errStop) {
			fmt.Println("Caught exception in greenlet.")
			return nil, nil
		}
		return nil, err
	}
	g := greenlet.New(run, main)
	main.Switch(g)
	main.Throw(g, errStop)

	g = greenlet.New(run, main)
	main.Switch(g)
	vals, err := main.Throw(g, nil)
	fmt.Println(vals, err)
	// Output:
	// Caught exception in greenlet.
	// [greenlet: exit] <nil>
}

var errStop = errors.New("stop")

// Close raises ErrExit in every greenlet still suspended, so their
// deferred cleanup runs.
func ExampleGreenlet_Close() {
	main := greenlet.NewMain()

	g := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		defer fmt.Println("cleaned up")
		for {
			if _, err := self.Switch(self.Parent()); err != nil {
				fmt.Println("got", err)
				return nil, err
			}
		}
	}, main)
	main.Switch(g)
	fmt.Println(main.Close(), g.Dead())
	// Output:
	// got greenlet: exit
	// cleaned up
	// <nil> true
}

// A dead greenlet's switches go to its parent.
func ExampleGreenlet_Switch_dead() {
	main := greenlet.NewMain()
	defer main.Close()

	g := greenlet.New(func(*greenlet.Greenlet, ...any) ([]any, error) { return nil, nil }, main)
	main.Switch(g)
	fmt.Println(main.Switch(g, "back to main"))
	// Output: [back to main] <nil>
}
