// Command exception is the seed article's exception-handling program: a
// greenlet raises an error and catches it itself.
//
// Go's raise is returning an error, and try/except is checking it; an
// error the greenlet does not catch would go to its parent, where main's
// Switch would return it.
package main

import (
	"errors"
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

// ValueError stands for Python's exception class of the same name.
type ValueError struct{ Msg string }

// Error returns the message, as str() of a Python exception does.
func (e *ValueError) Error() string { return e.Msg }

func raiseValueError() error { return &ValueError{"An error occurred"} }

func run(w io.Writer) error {
	main := greenlet.NewMain()
	defer main.Close()

	taskWithException := func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		if err := raiseValueError(); err != nil {
			var e *ValueError
			if !errors.As(err, &e) {
				return nil, err
			}
			fmt.Fprintf(w, "Exception caught: %v\n", e)
		}
		return nil, nil
	}

	gr1 := greenlet.New(taskWithException, main)
	_, err := main.Switch(gr1)
	return err
}
