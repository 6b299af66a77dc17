package task

import (
	"sync/atomic"
	"time"
)

// Metrics is told about every task and every run of a supervised service
// recorded in a Registry. Implementations must be safe for concurrent use
// and fast: they run on every spawn.
//
// TaskStarted is called when a task starts running: at once for most
// tasks, when its delay ends for a delayed one (Later, Spec.Delay). So
// started minus ended is what is running now; pending tasks are not
// counted. TaskEnded is called when a task that started ends; its state
// is final (Succeeded, Failed, Killed or Panicked) and d is how long it
// ran. A task that ends without ever starting (a delayed task killed, or
// whose context ends, while it is pending; one refused by its Pool) is
// reported to neither: it is not counted as started, nor as killed.
//
// A Prometheus adapter belongs in its own package, so this one stays free
// of dependencies.
type Metrics interface {
	TaskStarted(kind Kind, name string)
	TaskEnded(kind Kind, name string, state State, d time.Duration)
}

// Counters is a Metrics that keeps totals in atomic counters, without
// locks. The zero Counters is ready to use; all methods may be called
// concurrently.
//
// Running is computed from the others rather than counted, which saves two
// atomic adds per task on a cache line that every core writes.
type Counters struct {
	started, succeeded, failed, killed, panicked atomic.Int64
	nanos                                        atomic.Int64
}

// CounterValues is a snapshot of Counters.
type CounterValues struct {
	Started   int64 `json:"started"`
	Finished  int64 `json:"finished"`
	Succeeded int64 `json:"succeeded"`
	Failed    int64 `json:"failed"`
	Killed    int64 `json:"killed"`
	Panicked  int64 `json:"panicked"`
	// Running is started minus finished, at the moment of the snapshot:
	// tasks running now, not those pending (see Metrics).
	Running int64 `json:"running"`
	// TotalDuration is the sum of the run times of finished tasks.
	TotalDuration time.Duration `json:"total_duration_ns"`
}

// TaskStarted counts a start.
func (c *Counters) TaskStarted(Kind, string) { c.started.Add(1) }

// TaskEnded counts an end by its state and adds d to the total duration.
func (c *Counters) TaskEnded(_ Kind, _ string, s State, d time.Duration) {
	switch s {
	case Succeeded:
		c.succeeded.Add(1)
	case Failed:
		c.failed.Add(1)
	case Killed:
		c.killed.Add(1)
	case Panicked:
		c.panicked.Add(1)
	}
	if d > 0 {
		c.nanos.Add(int64(d))
	}
}

// Snapshot returns the current values. Each counter is read atomically,
// but not all at the same instant.
func (c *Counters) Snapshot() CounterValues {
	// Ends are read before starts, so that Running is never negative.
	v := CounterValues{
		Succeeded:     c.succeeded.Load(),
		Failed:        c.failed.Load(),
		Killed:        c.killed.Load(),
		Panicked:      c.panicked.Load(),
		TotalDuration: time.Duration(c.nanos.Load()),
	}
	v.Started = c.started.Load()
	v.Finished = v.Succeeded + v.Failed + v.Killed + v.Panicked
	v.Running = v.Started - v.Finished
	return v
}

// MultiMetrics tells each of its Metrics in turn, to feed Counters and an
// exporter at once.
type MultiMetrics []Metrics

// TaskStarted calls TaskStarted on each.
func (ms MultiMetrics) TaskStarted(k Kind, name string) {
	for _, m := range ms {
		m.TaskStarted(k, name)
	}
}

// TaskEnded calls TaskEnded on each.
func (ms MultiMetrics) TaskEnded(k Kind, name string, s State, d time.Duration) {
	for _, m := range ms {
		m.TaskEnded(k, name, s, d)
	}
}
