package prometheus_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	prom "github.com/prometheus/client_golang/prometheus"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/contrib/prometheus"
	"github.com/pylonweb/pylon/task"
)

func TestPluginServesMetrics(t *testing.T) {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	counters := new(task.Counters)
	app.Registry = &task.Registry{Metrics: counters}
	app.GET("/work", func(c *pylon.Context) error {
		v, err := pylon.Go(c, "lookup", func(context.Context) (string, error) { return "ok", nil }).Wait(c.Context())
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, v)
	})
	plug := prometheus.New(prometheus.Config{Registry: prom.NewRegistry()})
	if err := app.Plug(plug); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/work", nil))
		if w.Code != http.StatusOK {
			t.Fatalf("work: %d", w.Code)
		}
	}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("metrics: %d", w.Code)
	}
	for _, want := range []string{
		`pylon_tasks_started_total{kind="task",name="lookup"} 3`,
		`pylon_tasks_finished_total{kind="task",name="lookup",state="succeeded"} 3`,
		`pylon_tasks_running{kind="task",name="lookup"} 0`,
		`pylon_task_duration_seconds_count{kind="task",name="lookup",state="succeeded"} 3`,
	} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// The Registry's own counters still count.
	if got := counters.Snapshot().Succeeded; got != 3 {
		t.Errorf("Counters: %d succeeded", got)
	}
	if plug.Metrics() == nil {
		t.Error("Metrics() nil after Install")
	}
}

func TestPluginDefaultRegistryHasRuntimeMetrics(t *testing.T) {
	app := pylon.New(pylon.Config{})
	app.Registry = new(task.Registry)
	if err := app.Plug(prometheus.New(prometheus.Config{Path: "/internal/metrics"})); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/internal/metrics", nil))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "go_goroutines") {
		t.Fatalf("%d\n%s", w.Code, w.Body.String())
	}
}
