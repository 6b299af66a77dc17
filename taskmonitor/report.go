package taskmonitor

import (
	"time"

	"github.com/pylonweb/pylon/task"
)

// Report is what the monitor shows, and the document its JSON view
// serves.
type Report struct {
	// Time is when the report was made.
	Time time.Time `json:"time"`
	// Tasks lists every live task and running service in the App's
	// Registry, oldest first.
	Tasks []TaskView `json:"tasks"`
	// Services lists the App's supervised services, in the order they
	// were added, whether running or not.
	Services []ServiceView `json:"services"`
	// Counters totals the Registry's tasks, when its Metrics is (or
	// includes) a *task.Counters; nil otherwise.
	Counters *task.CounterValues `json:"counters,omitempty"`
	// Stacks reports whether goroutine tracking is on, so stacks of new
	// tasks can be shown.
	Stacks bool `json:"stacks"`
}

// TaskView is one live task or service run: the Registry's Info and its
// age.
type TaskView struct {
	task.Info
	// Age is how long it has been running; zero while pending.
	Age time.Duration `json:"age_ns"`
}

// ServiceView is one of the App's supervised services.
type ServiceView struct {
	Name     string      `json:"name"`
	Policy   task.Policy `json:"policy"`
	State    task.State  `json:"state"`
	Restarts int         `json:"restarts"`
	// LastError is the message of the last failed run's error; empty if
	// none has failed.
	LastError string `json:"last_error,omitempty"`
	// Started is when the current or last run started.
	Started time.Time `json:"started"`
	// Uptime is how long the current run has lasted; zero if not running.
	Uptime time.Duration `json:"uptime_ns"`
}

// Report describes the App's live tasks and services now. It returns an
// empty Report before Install.
func (m *Monitor) Report() Report {
	now := time.Now()
	r := Report{Time: now, Tasks: []TaskView{}, Services: []ServiceView{}, Stacks: !m.cfg.NoStacks}
	if m.app == nil {
		return r
	}
	for _, in := range m.reg.Snapshot() {
		v := TaskView{Info: in}
		if !in.Started.IsZero() {
			v.Age = now.Sub(in.Started)
		}
		r.Tasks = append(r.Tasks, v)
	}
	for _, s := range m.app.Services() {
		v := ServiceView{Name: s.Name, Policy: s.Policy, State: s.State, Restarts: s.Restarts, Started: s.Started, Uptime: s.Uptime}
		if s.LastError != nil {
			v.LastError = s.LastError.Error()
		}
		r.Services = append(r.Services, v)
	}
	r.Counters = counters(m.reg.Metrics)
	return r
}

// counters finds a *task.Counters in ms and returns its values.
func counters(ms task.Metrics) *task.CounterValues {
	switch ms := ms.(type) {
	case *task.Counters:
		v := ms.Snapshot()
		return &v
	case task.MultiMetrics:
		for _, m := range ms {
			if v := counters(m); v != nil {
				return v
			}
		}
	}
	return nil
}
