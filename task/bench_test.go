package task_test

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pylonweb/pylon/task"
)

// batch is how many tasks are in flight at once in the spawn+join
// benchmarks: enough to overlap spawning and running, few enough that
// memory does not grow with b.N.
const batch = 64

func nop(context.Context) (int, error) { return 1, nil }

// epoch is where the clock reads of the go+WaitGroup+clock benchmark
// count from, as the task package's own clock does.
var epoch = time.Now()

// spawnJoin starts b.N tasks of fn under parent, batch at a time, and
// waits for each task of a batch before starting the next.
func spawnJoin(b *testing.B, parent context.Context, fn func(context.Context) (int, error)) {
	b.ReportAllocs()
	ctx := context.Background()
	ts := make([]*task.Task[int], 0, batch)
	for i := 0; i < b.N; i += batch {
		ts = ts[:0]
		for range min(batch, b.N-i) {
			ts = append(ts, task.Go(parent, fn))
		}
		for _, t := range ts {
			t.Wait(ctx)
		}
	}
}

// BenchmarkSpawnJoin measures starting a task and waiting for it, per task.
func BenchmarkSpawnJoin(b *testing.B) {
	ctx := context.Background()
	b.Run("go+WaitGroup", func(b *testing.B) {
		b.ReportAllocs()
		var wg sync.WaitGroup
		for i := 0; i < b.N; i += batch {
			for range min(batch, b.N-i) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					nop(ctx)
				}()
			}
			wg.Wait()
		}
	})
	// The bare goroutine plus what a task's timing alone costs: two reads
	// of the monotonic clock, its start and its end, and the duration
	// added to a total, as task.Go does for Started, Ended and Metrics. It
	// shows how much of task.Go's cost is the clock, which varies more
	// between machines (a virtual machine's clock is often slow) than the
	// rest does.
	b.Run("go+WaitGroup+clock", func(b *testing.B) {
		b.ReportAllocs()
		var wg sync.WaitGroup
		var total atomic.Int64
		for i := 0; i < b.N; i += batch {
			for range min(batch, b.N-i) {
				wg.Add(1)
				start := time.Since(epoch)
				go func() {
					defer wg.Done()
					nop(ctx)
					total.Add(int64(time.Since(epoch) - start))
				}()
			}
			wg.Wait()
		}
	})
	b.Run("errgroup", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i += batch {
			g, gctx := errgroup.WithContext(ctx)
			for range min(batch, b.N-i) {
				g.Go(func() error { _, err := nop(gctx); return err })
			}
			g.Wait()
		}
	})
	b.Run("task.Go", func(b *testing.B) { spawnJoin(b, ctx, nop) })
	b.Run("task.Go/cancelable-parent", func(b *testing.B) {
		pctx, cancel := context.WithCancel(ctx)
		defer cancel()
		spawnJoin(b, pctx, nop)
	})
	b.Run("task.Go/uses-ctx.Done", func(b *testing.B) {
		// The task's context is hooked to its parent only when asked.
		pctx, cancel := context.WithCancel(ctx)
		defer cancel()
		spawnJoin(b, pctx, func(ctx context.Context) (int, error) {
			select {
			case <-ctx.Done():
			default:
			}
			return 1, nil
		})
	})
	b.Run("task.Group", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i += batch {
			g := task.NewGroup(ctx, task.GroupConfig{})
			for range min(batch, b.N-i) {
				g.Go(func(ctx context.Context) error { _, err := nop(ctx); return err })
			}
			g.Wait()
		}
	})
}

// BenchmarkSpawnJoinSerial measures one task at a time: start, then wait.
func BenchmarkSpawnJoinSerial(b *testing.B) {
	ctx := context.Background()
	b.Run("go+channel", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ch := make(chan int, 1)
			go func() { v, _ := nop(ctx); ch <- v }()
			<-ch
		}
	})
	b.Run("task.Go", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			task.Go(ctx, nop).Wait(ctx)
		}
	})
}

// BenchmarkWaiting100k starts 100,000 tasks that all block, and reports the
// memory each costs (heap and stack, after a GC) and how fast they were
// spawned.
func BenchmarkWaiting100k(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	measure := func(b *testing.B, spawn func(release <-chan struct{}), join func()) {
		var before, after runtime.MemStats
		var heapPer, stackPer, nsPer float64
		for b.Loop() {
			release := make(chan struct{})
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			for range n {
				spawn(release)
			}
			elapsed := time.Since(start)
			runtime.GC()
			runtime.ReadMemStats(&after)
			close(release)
			join()
			heapPer = (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n
			stackPer = (float64(after.StackInuse) - float64(before.StackInuse)) / n
			nsPer = float64(elapsed.Nanoseconds()) / n
		}
		// Heap is the Task, the goroutine's g and closures; stack is the
		// goroutine's stack (2 KiB to start), less any reused from
		// goroutines of the previous round.
		b.ReportMetric(heapPer+stackPer, "B/task")
		b.ReportMetric(heapPer, "heap-B/task")
		b.ReportMetric(stackPer, "stack-B/task")
		b.ReportMetric(nsPer, "ns/spawn")
		b.ReportMetric(1e9/nsPer, "spawns/s")
	}
	b.Run("go+WaitGroup", func(b *testing.B) {
		var wg sync.WaitGroup
		measure(b, func(release <-chan struct{}) {
			wg.Add(1)
			go func() { defer wg.Done(); <-release }()
		}, wg.Wait)
	})
	b.Run("task.Go", func(b *testing.B) {
		ts := make([]*task.Task[int], 0, n)
		measure(b, func(release <-chan struct{}) {
			ts = append(ts, task.Go(ctx, func(context.Context) (int, error) { <-release; return 0, nil }))
		}, func() {
			for _, t := range ts {
				t.Wait(ctx)
			}
			clear(ts) // or the old tasks stay reachable through the array
			ts = ts[:0]
		})
	})
}

// BenchmarkGoroutineID is the cost Registry.TrackGoroutines adds per task.
func BenchmarkGoroutineID(b *testing.B) {
	reg := new(task.Registry)
	reg.TrackGoroutines(true)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		task.Spawn(ctx, task.Spec{Registry: reg}, nop).Wait(ctx)
	}
}
