package greenlet_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/greenlet"
)

// Greenlets that start each other nest; switches down the nest and
// across it must still follow the rules.
func TestSwitchAcrossNestedGreenlets(t *testing.T) {
	m := newMain(t)
	var log []string
	logf := func(format string, a ...any) { log = append(log, fmt.Sprintf(format, a...)) }
	var a, b, c *greenlet.Greenlet
	a = greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
		v, err := self.Switch(b, "a→b")
		logf("a got %v %v", v, err)
		return values("a done"), nil
	}, m)
	b = greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		logf("b started with %v", args)
		v, err := self.Switch(c, "b→c")
		logf("b got %v %v", v, err)
		return self.Switch(a, "b→a")
	}, m)
	c = greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
		logf("c started with %v", args)
		return self.Switch(m, "c→main")
	}, m)

	v, err := m.Switch(a)
	logf("main got %v %v", v, err)
	v, err = m.Switch(b, "main→b")
	logf("main got %v %v", v, err)
	v, err = m.Switch(c, "main→c")
	logf("main got %v %v", v, err)
	v, err = m.Switch(b, "main→b again")
	logf("main got %v %v", v, err)

	want := []string{
		"b started with [a→b]",
		"c started with [b→c]",
		"main got [c→main] <nil>",
		"b got [main→b] <nil>",
		"a got [b→a] <nil>",
		"main got [a done] <nil>",
		"main got [main→c] <nil>",
		"main got [main→b again] <nil>",
	}
	if got := strings.Join(log, "\n"); got != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// A ring of greenlets passes a token round and round.
func TestSwitchInARing(t *testing.T) {
	m := newMain(t)
	const n, laps = 5, 3
	ring := make([]*greenlet.Greenlet, n)
	for i := range ring {
		ring[i] = greenlet.New(func(self *greenlet.Greenlet, args ...any) ([]any, error) {
			for {
				hops := args[0].(int)
				if hops == n*laps {
					return values(i), nil
				}
				var err error
				args, err = self.Switch(ring[(i+1)%n], hops+1)
				if err != nil {
					return nil, err
				}
			}
		}, m)
	}
	v, err := m.Switch(ring[0], 0)
	check(t, "ring", v, err, values(0))
}
