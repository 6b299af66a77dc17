package prometheus_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	prom "github.com/prometheus/client_golang/prometheus"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/contrib/prometheus"
	"github.com/pylonweb/pylon/task"
)

// Install the plugin: the App's tasks are counted and /metrics serves them.
func Example() {
	app := pylon.New(pylon.Config{})
	app.Registry = new(task.Registry) // the example's own; by default task.DefaultRegistry
	if err := app.Plug(prometheus.New(prometheus.Config{Registry: prom.NewRegistry()})); err != nil {
		panic(err)
	}
	app.GET("/hello", func(c *pylon.Context) error {
		greeting, err := pylon.Go(c, "greet", func(context.Context) (string, error) { return "hello", nil }).Wait(c.Context())
		if err != nil {
			return err
		}
		return c.String(200, greeting)
	})
	app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/hello", nil))

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	sc := bufio.NewScanner(w.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "pylon_tasks_") && strings.Contains(sc.Text(), `"greet"`) && !strings.HasSuffix(sc.Text(), " 0") {
			fmt.Println(sc.Text())
		}
	}
	// Output:
	// pylon_tasks_finished_total{kind="task",name="greet",state="succeeded"} 1
	// pylon_tasks_started_total{kind="task",name="greet"} 1
}
