package prometheus_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	prom "github.com/prometheus/client_golang/prometheus"
	"github.com/pylonweb/pylon/contrib/prometheus"
	"github.com/pylonweb/pylon/task"
)

// gather returns each sample as "name{label="v",...}" -> value; for a
// histogram, its sample count.
func gather(t *testing.T, g prom.Gatherer) map[string]float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			sort.Strings(labels)
			key := mf.GetName() + "{" + strings.Join(labels, ",") + "}"
			switch {
			case m.Counter != nil:
				out[key] = m.Counter.GetValue()
			case m.Gauge != nil:
				out[key] = m.Gauge.GetValue()
			case m.Histogram != nil:
				out[key] = float64(m.Histogram.GetSampleCount())
			}
		}
	}
	return out
}

func TestMetricsCountTasks(t *testing.T) {
	reg := prom.NewRegistry()
	m := prometheus.NewMetrics(prometheus.MetricsConfig{})
	reg.MustRegister(m)
	tr := &task.Registry{Metrics: m}
	ctx := context.Background()
	spawn := func(name string, fn func(context.Context) (int, error)) *task.Task[int] {
		return task.Spawn(ctx, task.Spec{Name: name, Registry: tr}, fn)
	}
	ok := spawn("ok", func(context.Context) (int, error) { return 1, nil })
	fail := spawn("fail", func(context.Context) (int, error) { return 0, errors.New("boom") })
	pan := spawn("panic", func(context.Context) (int, error) { panic("oops") })
	release := make(chan struct{})
	running := spawn("slow", func(ctx context.Context) (int, error) { <-release; return 0, nil })
	killed := spawn("killed", func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() })
	killed.Kill()
	for _, tk := range []*task.Task[int]{ok, fail, pan, killed} {
		tk.Wait(ctx)
	}

	got := gather(t, reg)
	want := map[string]float64{
		`pylon_tasks_started_total{kind="task",name="ok"}`:                       1,
		`pylon_tasks_started_total{kind="task",name="slow"}`:                     1,
		`pylon_tasks_finished_total{kind="task",name="ok",state="succeeded"}`:    1,
		`pylon_tasks_finished_total{kind="task",name="ok",state="failed"}`:       0,
		`pylon_tasks_finished_total{kind="task",name="fail",state="failed"}`:     1,
		`pylon_tasks_finished_total{kind="task",name="panic",state="panicked"}`:  1,
		`pylon_tasks_finished_total{kind="task",name="killed",state="killed"}`:   1,
		`pylon_tasks_finished_total{kind="task",name="slow",state="succeeded"}`:  0,
		`pylon_tasks_running{kind="task",name="slow"}`:                           1,
		`pylon_tasks_running{kind="task",name="ok"}`:                             0,
		`pylon_task_duration_seconds{kind="task",name="ok",state="succeeded"}`:   1,
		`pylon_task_duration_seconds{kind="task",name="fail",state="failed"}`:    1,
		`pylon_task_duration_seconds{kind="task",name="killed",state="killed"}`:  1,
		`pylon_task_duration_seconds{kind="task",name="slow",state="succeeded"}`: 0,
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %v (present %v), want %v", k, g, ok, v)
		}
	}
	close(release)
	running.Wait(ctx)
	if v := gather(t, reg)[`pylon_tasks_running{kind="task",name="slow"}`]; v != 0 {
		t.Errorf("running after the end: %v", v)
	}
}

func TestMetricsCountServices(t *testing.T) {
	reg := prom.NewRegistry()
	m := prometheus.NewMetrics(prometheus.MetricsConfig{Namespace: "app"})
	reg.MustRegister(m)
	tr := &task.Registry{Metrics: m}
	sup := task.NewSupervisor(task.SupervisorConfig{Registry: tr})
	runs := make(chan struct{}, 2)
	sup.Add("once", task.ServiceFunc(func(ctx context.Context) error {
		runs <- struct{}{}
		return nil
	}), task.Never)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sup.Serve(ctx) }()
	<-runs
	cancel()
	<-done
	got := gather(t, reg)
	if v := got[`app_tasks_started_total{kind="service",name="once"}`]; v != 1 {
		t.Errorf("service starts: %v in %v", v, got)
	}
}
