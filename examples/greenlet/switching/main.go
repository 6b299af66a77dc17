// Command switching is the seed article's first greenlet program (section
// 2.1): two tasks that hand control to each other with switch.
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
	// gr2 is left suspended; Close raises ErrExit in it, so its
	// "Switch back to task 2" never prints, as in Python.
	defer main.Close()

	var gr1, gr2 *greenlet.Greenlet
	gr1 = greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		fmt.Fprintln(w, "This is task 1")
		if _, err := self.Switch(gr2); err != nil {
			return nil, err
		}
		fmt.Fprintln(w, "Switch back to task 1")
		return nil, nil
	}, main)
	gr2 = greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		fmt.Fprintln(w, "This is task 2")
		if _, err := self.Switch(gr1); err != nil {
			return nil, err
		}
		fmt.Fprintln(w, "Switch back to task 2")
		return nil, nil
	}, main)

	_, err := main.Switch(gr1) // Start the execution
	return err
}
