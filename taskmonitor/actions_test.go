package taskmonitor_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/task"
)

func taskID(t *testing.T, reg *task.Registry, name string) uint64 {
	t.Helper()
	for _, in := range reg.Snapshot() {
		if in.Name == name {
			return in.ID
		}
	}
	t.Fatalf("no live task %q", name)
	return 0
}

func TestKill(t *testing.T) {
	app, _, started := newApp(t, true, "", "slow")
	done := startWork(t, app, started, "req-1")
	id := taskID(t, app.TaskRegistry(), "slow")

	w := do(app, "POST", fmt.Sprintf("/debug/tasks/%d/kill", id), nil)
	if w.Code != http.StatusOK {
		t.Fatalf("kill: %d %s", w.Code, w.Body.String())
	}
	var res struct {
		OK     bool   `json:"ok"`
		Killed uint64 `json:"killed"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || !res.OK || res.Killed != id {
		t.Fatalf("kill answer %s: %v", w.Body.String(), err)
	}
	resp := <-done
	if got := resp.Body.String(); !strings.Contains(got, "task ended: killed: context canceled") {
		t.Fatalf("handler saw %q", got)
	}
	if w := do(app, "POST", fmt.Sprintf("/debug/tasks/%d/kill", id), nil); w.Code != http.StatusNotFound {
		t.Fatalf("killing an ended task: %d", w.Code)
	}
}

func TestKillFromFormRedirects(t *testing.T) {
	app, _, started := newApp(t, true, "", "slow")
	done := startWork(t, app, started, "req-1")
	id := taskID(t, app.TaskRegistry(), "slow")
	w := do(app, "POST", fmt.Sprintf("/debug/tasks/%d/kill", id), http.Header{
		"Accept":         {"text/html,application/xhtml+xml,*/*;q=0.8"},
		"Sec-Fetch-Site": {"same-origin"},
		"Content-Type":   {"application/x-www-form-urlencoded"},
	})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/debug/tasks" {
		t.Fatalf("%d Location=%q", w.Code, w.Header().Get("Location"))
	}
	<-done
}

func TestCrossOriginPostRefused(t *testing.T) {
	app, _, started := newApp(t, true, "", "slow")
	startWork(t, app, started, "req-1")
	id := taskID(t, app.TaskRegistry(), "slow")
	for _, h := range []http.Header{
		{"Sec-Fetch-Site": {"cross-site"}},
		{"Sec-Fetch-Site": {"same-site"}},
		{"Origin": {"https://evil.example"}},
	} {
		w := do(app, "POST", fmt.Sprintf("/debug/tasks/%d/kill", id), h)
		if w.Code != http.StatusForbidden {
			t.Errorf("%v: %d, want 403", h, w.Code)
		}
		if w := do(app, "POST", "/debug/tasks/services/x/restart", h); w.Code != http.StatusForbidden {
			t.Errorf("restart %v: %d, want 403", h, w.Code)
		}
	}
	if in, ok := app.TaskRegistry().Get(id); !ok || in.State != task.Running {
		t.Fatalf("task after refused kills: %+v %v", in, ok)
	}
}

func TestRestartService(t *testing.T) {
	app, _, _ := newApp(t, true, "", "work")
	runs := make(chan struct{}, 4)
	app.Service("poller", task.ServiceFunc(func(ctx context.Context) error {
		runs <- struct{}{}
		<-ctx.Done()
		return nil
	}), task.Always)
	serve(t, app)
	<-runs

	w := do(app, "POST", "/debug/tasks/services/poller/restart", nil)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"restarted":"poller"`) {
		t.Fatalf("restart: %d %s", w.Code, w.Body.String())
	}
	<-runs // the service ran again

	// Killing a service's registry entry restarts it too.
	var id uint64
	eventually(t, "the service's second run in the registry", func() bool {
		for _, in := range app.TaskRegistry().Snapshot() {
			if in.Kind == task.KindService && in.State == task.Running {
				id = in.ID
				return true
			}
		}
		return false
	})
	if w := do(app, "POST", fmt.Sprintf("/debug/tasks/%d/kill", id), nil); w.Code != http.StatusOK {
		t.Fatalf("kill service: %d %s", w.Code, w.Body.String())
	}
	<-runs
	if w := do(app, "POST", "/debug/tasks/services/nope/restart", nil); w.Code != http.StatusNotFound {
		t.Fatalf("unknown service: %d", w.Code)
	}
}

func TestStack(t *testing.T) {
	app, _, started := newApp(t, true, "", "stacked")
	startWork(t, app, started, "req-1")
	id := taskID(t, app.TaskRegistry(), "stacked")
	w := do(app, "GET", fmt.Sprintf("/debug/tasks/%d/stack", id), nil)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("%d %s %s", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	if s := w.Body.String(); !strings.HasPrefix(s, "goroutine ") || !strings.Contains(s, "taskmonitor_test.newApp") {
		t.Fatalf("stack:\n%s", s)
	}
	if w := do(app, "GET", "/debug/tasks/999999/stack", nil); w.Code != http.StatusNotFound {
		t.Fatalf("unknown task: %d", w.Code)
	}
}
