// Command cleanup is the seed article's resource-management program made
// concrete: a greenlet holds a resource while suspended, main kills it,
// and its deferred release runs, as Python's finally block does.
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

	task := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		fmt.Fprintln(w, "resource acquired")
		defer fmt.Fprintln(w, "resource released")
		// Suspended here, holding the resource, until main kills us:
		// then Switch returns greenlet.ErrExit.
		return self.Switch(self.Parent())
	}, main)

	if _, err := main.Switch(task); err != nil {
		return err
	}
	fmt.Fprintln(w, "suspended")
	// Throw with no error is greenlet's throw(): kill with GreenletExit,
	// which comes back as a value.
	if _, err := main.Throw(task, nil); err != nil {
		return err
	}
	fmt.Fprintln(w, "dead:", task.Dead())
	return nil
}
