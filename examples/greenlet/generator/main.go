// Command generator is the classic greenlet recipe: a generator built
// from a greenlet that switches each value to its consumer. Next makes
// the caller the generator's parent, as the recipe's __next__ does, so
// the generator's yield and its end both come back to the caller.
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

// Generator runs body in a greenlet; each yield hands a value to Next.
type Generator struct {
	g *greenlet.Greenlet
}

// NewGenerator returns a generator of body's yields, in consumer's set.
func NewGenerator(consumer *greenlet.Greenlet, body func(yield func(any) error) error) *Generator {
	return &Generator{g: greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		return nil, body(func(v any) error {
			_, err := self.Switch(self.Parent(), v)
			return err
		})
	}, consumer)}
}

// Next resumes the generator from the running greenlet from and returns
// its next value, or false when body has returned.
func (gen *Generator) Next(from *greenlet.Greenlet) (any, bool, error) {
	if err := gen.g.SetParent(from); err != nil {
		return nil, false, err
	}
	vals, err := from.Switch(gen.g)
	if err != nil || gen.g.Dead() {
		return nil, false, err
	}
	return vals[0], true, nil
}

func run(w io.Writer) error {
	main := greenlet.NewMain()
	defer main.Close()

	upTo := func(n int) *Generator {
		return NewGenerator(main, func(yield func(any) error) error {
			for i := range n {
				if err := yield(i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	gen := upTo(5)
	for {
		v, ok, err := gen.Next(main)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		fmt.Fprintln(w, v)
	}
}
