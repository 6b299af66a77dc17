package task_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pylonweb/pylon/task"
)

func ExampleGo() {
	ctx := context.Background()
	t := task.Go(ctx, func(ctx context.Context) (string, error) {
		return "hello", nil
	})
	v, err := t.Wait(ctx)
	fmt.Println(v, err, t.State())
	// Output: hello <nil> succeeded
}

func ExampleSpawn() {
	ctx := context.Background()
	t := task.Spawn(ctx, task.Spec{Name: "fetch-user", Owner: "req-42"}, func(ctx context.Context) (int, error) {
		panic("database on fire")
	})
	_, err := t.Wait(ctx)
	var pe *task.PanicError
	fmt.Println(t.Name(), t.State(), errors.As(err, &pe), pe.Value)
	// Output: fetch-user panicked true database on fire
}

func ExampleGroup() {
	ctx := context.Background()
	g := task.NewGroup(ctx, task.GroupConfig{CollectAll: true})
	users := task.Spawn(ctx, task.Spec{Name: "users", Group: g}, func(ctx context.Context) ([]string, error) {
		return []string{"ann", "bob"}, nil
	})
	orders := task.Spawn(ctx, task.Spec{Name: "orders", Group: g}, func(ctx context.Context) (int, error) {
		return 0, errors.New("orders: db unavailable")
	})
	err := g.Wait() // joinall
	fmt.Println(users.Value(), orders.State(), err)
	// Output: [ann bob] failed orders: db unavailable
}

func ExampleMap() {
	ctx := context.Background()
	pool := task.NewPool(2) // at most two calls at once
	lengths, err := task.Map(ctx, pool, []string{"a", "bb", "ccc"}, func(ctx context.Context, s string) (int, error) {
		return len(s), nil
	})
	fmt.Println(lengths, err)
	// Output: [1 2 3] <nil>
}

func ExampleMapUnordered() {
	ctx := context.Background()
	total := 0
	for n, err := range task.MapUnordered(ctx, task.NewPool(4), []int{1, 2, 3, 4}, func(ctx context.Context, n int) (int, error) {
		return n * n, nil
	}) {
		if err != nil {
			break // stops and cleans up the remaining calls
		}
		total += n
	}
	fmt.Println(total)
	// Output: 30
}

func ExampleWithTimeout() {
	ctx := context.Background()
	_, err := task.WithTimeout(ctx, 10*time.Millisecond, func(ctx context.Context) (string, error) {
		<-ctx.Done() // a slow upstream that honours cancellation
		return "", ctx.Err()
	})
	fmt.Println(errors.Is(err, task.ErrTimeout), errors.Is(err, context.DeadlineExceeded))
	// Output: true true
}

func ExampleSupervisor() {
	ctx, stop := context.WithCancel(context.Background())
	sup := task.NewSupervisor(task.SupervisorConfig{
		Name:    "app",
		Backoff: task.Backoff{Min: time.Millisecond, Max: time.Millisecond},
	})
	runs := 0
	sup.Add("poller", task.ServiceFunc(func(ctx context.Context) error {
		runs++
		if runs < 3 {
			return errors.New("upstream down") // restarted after a backoff
		}
		stop() // shut the supervisor down from inside, for the example
		<-ctx.Done()
		return nil
	}), task.OnFailure)
	err := sup.Serve(ctx) // returns once ctx is done and services have stopped
	info := sup.Services()[0]
	fmt.Println(err, info.Name, info.Restarts, info.LastError)
	// Output: <nil> poller 2 upstream down
}

func ExampleAsyncResult() {
	var r task.AsyncResult[string]
	go r.Set("ready")
	v, _ := r.Wait(context.Background())
	fmt.Println(v, r.Set("again"))
	// Output: ready false
}
