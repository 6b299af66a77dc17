package taskmonitor_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon/task"
)

// report mirrors taskmonitor.Report for decoding: task.State, Kind and
// Policy encode as text but do not decode from it.
type report struct {
	Tasks []struct {
		ID      uint64        `json:"id"`
		Kind    string        `json:"kind"`
		Name    string        `json:"name"`
		Owner   string        `json:"owner"`
		State   string        `json:"state"`
		Started time.Time     `json:"started"`
		Age     time.Duration `json:"age_ns"`
	} `json:"tasks"`
	Services []struct {
		Name   string `json:"name"`
		Policy string `json:"policy"`
		State  string `json:"state"`
	} `json:"services"`
	Counters *task.CounterValues `json:"counters"`
	Stacks   bool                `json:"stacks"`
}

func TestJSONReport(t *testing.T) {
	app, _, started := newApp(t, true, "", "fetch-user")
	svcStarted := make(chan struct{}, 1)
	err := app.Service("ticker", task.ServiceFunc(func(ctx context.Context) error {
		svcStarted <- struct{}{}
		<-ctx.Done()
		return nil
	}), task.Always)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, app)
	<-svcStarted
	startWork(t, app, started, "req-42")

	for _, h := range []http.Header{nil, {"Accept": {"application/json"}}} {
		target := "/debug/tasks"
		if h == nil {
			target += "?format=json"
		}
		w := do(app, "GET", target, h)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("GET %s %v: %d %s", target, h, w.Code, w.Header().Get("Content-Type"))
		}
		var r report
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		var sawTask, sawServiceRun bool
		for _, tv := range r.Tasks {
			switch {
			case tv.Kind == "task" && tv.Name == "fetch-user":
				sawTask = true
				if tv.Owner != "req-42" || tv.State != "running" || tv.ID == 0 || tv.Started.IsZero() || tv.Age <= 0 {
					t.Errorf("request task: %+v", tv)
				}
			case tv.Kind == "service" && tv.Name == "ticker":
				sawServiceRun = true
				if tv.State != "running" || tv.Owner != "app" {
					t.Errorf("service run: %+v", tv)
				}
			}
		}
		if !sawTask || !sawServiceRun {
			t.Errorf("tasks %+v: want the request task and the service", r.Tasks)
		}
		if len(r.Services) != 1 || r.Services[0].Name != "ticker" || r.Services[0].State != "running" || r.Services[0].Policy != "always" {
			t.Errorf("services: %+v", r.Services)
		}
		if r.Counters == nil || r.Counters.Running < 2 {
			t.Errorf("counters: %+v", r.Counters)
		}
		if !r.Stacks {
			t.Error("stacks off")
		}
	}
	// The raw document uses lower-case names for kinds and states.
	w := do(app, "GET", "/debug/tasks?format=json", nil)
	for _, want := range []string{`"kind":"task"`, `"state":"running"`, `"owner":"req-42"`, `"name":"fetch-user"`, `"policy":"always"`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("JSON lacks %s: %s", want, w.Body.String())
		}
	}
}

func TestHTMLPage(t *testing.T) {
	app, _, started := newApp(t, true, "", `<script>alert("x")</script>`)
	startWork(t, app, started, `req-<b>1</b>`)
	w := do(app, "GET", "/debug/tasks", http.Header{"Accept": {"text/html,application/xhtml+xml,*/*;q=0.8"}})
	page := w.Body.String()
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("%d %s", w.Code, w.Header().Get("Content-Type"))
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>1") {
		t.Fatal("task name or owner not escaped")
	}
	for _, want := range []string{
		"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;",
		"req-&lt;b&gt;1&lt;/b&gt;",
		`method="post"`,
		"/kill",
		"/stack",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
}
