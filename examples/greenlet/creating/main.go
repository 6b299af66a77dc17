// Command creating is the seed article's "Greenlet的创建" program: two
// greenlets made from functions, the first switching to the second.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/pylonweb/pylon/greenlet"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	main := greenlet.NewMain()
	defer main.Close()

	var gr1, gr2 *greenlet.Greenlet
	myTask := func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		fmt.Fprintln(w, "Hello from my_task")
		if _, err := self.Switch(gr2); err != nil {
			return nil, err
		}
		// Not reached: another_task returns to its parent, main.
		fmt.Fprintln(w, "Switched back to my_task")
		return nil, nil
	}
	anotherTask := func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		fmt.Fprintln(w, "Hello from another_task")
		return nil, nil
	}
	gr1 = greenlet.New(myTask, main)      // Create a new greenlet
	gr2 = greenlet.New(anotherTask, main) // Create another new greenlet

	_, err := main.Switch(gr1) // Start the execution of gr1
	return err
}
