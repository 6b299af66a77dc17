package greenlet_test

import (
	"iter"
	"testing"

	"github.com/pylonweb/pylon/greenlet"
)

// Every benchmark's op is one round trip: a switch there and a switch
// back, so ns/op is twice the cost of one switch.
//
// Besides ns/op, each benchmark reports cpu-ns/op, the CPU time the
// process used per op: on a machine shared with other work, wall time
// also counts the time the benchmark waited for a core, and cpu-ns/op
// does not.

// cpuMeter starts measuring CPU time; the function it returns reports
// it per op. Call that after the loop, when b.N is final.
func cpuMeter(b *testing.B) func() {
	start := processCPU()
	return func() {
		if end := processCPU(); start != 0 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// value is boxed once: boxing an int per switch would allocate.
var value any = "v"

// BenchmarkIterPull is the baseline: a round trip into an iter.Pull
// coroutine and back, the fastest switch Go offers without linkname.
func BenchmarkIterPull(b *testing.B) {
	next, stop := iter.Pull(func(yield func(any) bool) {
		for yield(value) {
		}
	})
	defer stop()
	report := cpuMeter(b)
	for b.Loop() {
		next()
	}
	report()
}

// BenchmarkChannel is the other baseline: a round trip between two
// goroutines over unbuffered channels.
func BenchmarkChannel(b *testing.B) {
	ping, pong := make(chan any), make(chan any)
	go func() {
		for v := range ping {
			pong <- v
		}
		close(pong)
	}()
	report := cpuMeter(b)
	for b.Loop() {
		ping <- value
		<-pong
	}
	report()
	close(ping)
	<-pong
}

// BenchmarkSwitchMain is a round trip from the main greenlet to another
// greenlet and back, with no values and with one.
func BenchmarkSwitchMain(b *testing.B) {
	for _, bc := range []struct {
		name string
		args []any
	}{{"values=0", nil}, {"values=1", []any{value}}} {
		b.Run(bc.name, func(b *testing.B) {
			m := greenlet.NewMain()
			defer m.Close()
			g := greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
				for {
					if _, err := self.Switch(m, bc.args...); err != nil {
						return nil, err
					}
				}
			}, m)
			m.Switch(g)
			b.ReportAllocs()
			report := cpuMeter(b)
			for b.Loop() {
				m.Switch(g, bc.args...)
			}
			report()
		})
	}
}

// BenchmarkSwitchGreenlets is a round trip between two greenlets, neither
// of them main.
func BenchmarkSwitchGreenlets(b *testing.B) {
	for _, bc := range []struct {
		name string
		args []any
	}{{"values=0", nil}, {"values=1", []any{value}}} {
		b.Run(bc.name, func(b *testing.B) {
			m := greenlet.NewMain()
			defer m.Close()
			var ping, pong *greenlet.Greenlet
			ping = greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
				self.Switch(pong) // start pong
				b.ReportAllocs()
				b.ResetTimer()
				report := cpuMeter(b)
				for range b.N {
					self.Switch(pong, bc.args...)
				}
				b.StopTimer()
				report()
				return nil, nil
			}, m)
			pong = greenlet.New(func(self *greenlet.Greenlet, _ ...any) ([]any, error) {
				for {
					if _, err := self.Switch(ping, bc.args...); err != nil {
						return nil, err
					}
				}
			}, m)
			m.Switch(ping)
		})
	}
}

// BenchmarkCreateSwitchFinish makes a greenlet, starts it and lets it
// return: the whole life of a short greenlet.
func BenchmarkCreateSwitchFinish(b *testing.B) {
	m := greenlet.NewMain()
	defer m.Close()
	run := func(*greenlet.Greenlet, ...any) ([]any, error) { return nil, nil }
	b.ReportAllocs()
	report := cpuMeter(b)
	for b.Loop() {
		m.Switch(greenlet.New(run, m))
	}
	report()
}

// BenchmarkIterPullCreate is the baseline for BenchmarkCreateSwitchFinish:
// an iter.Pull coroutine made, resumed once and finished.
func BenchmarkIterPullCreate(b *testing.B) {
	seq := func(yield func(any) bool) {}
	b.ReportAllocs()
	report := cpuMeter(b)
	for b.Loop() {
		next, _ := iter.Pull(seq)
		next()
	}
	report()
}
