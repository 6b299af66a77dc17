package prometheus

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/pylonweb/pylon/task"
)

// MetricsConfig configures NewMetrics. Its zero value uses every default.
type MetricsConfig struct {
	// Namespace prefixes the metric names. If empty, "pylon".
	Namespace string
	// Buckets are the duration histogram's upper bounds, in seconds. If
	// nil, prometheus.DefBuckets (5ms to 10s).
	Buckets []float64
}

// Metrics is a task.Metrics that keeps Prometheus counters, a gauge and a
// histogram, and a prometheus.Collector that exports them. Register it
// with a prometheus.Registerer and set it as (or add it to) a
// task.Registry's Metrics. All methods may be called concurrently.
//
// The metric children of each kind and name are looked up once and kept,
// so counting a task costs a sync.Map load and a few atomic adds.
type Metrics struct {
	started  *prometheus.CounterVec
	finished *prometheus.CounterVec
	running  *prometheus.GaugeVec
	duration *prometheus.HistogramVec

	children sync.Map // seriesKey -> *series
}

type seriesKey struct {
	kind task.Kind
	name string
}

// series holds the children of one kind and name.
type series struct {
	started  prometheus.Counter
	running  prometheus.Gauge
	finished [len(endStates)]prometheus.Counter
	duration [len(endStates)]prometheus.Observer
}

// endStates are the final states, in the order of series' arrays.
var endStates = [...]task.State{task.Succeeded, task.Failed, task.Killed, task.Panicked}

// NewMetrics returns Metrics configured by cfg, not yet registered.
func NewMetrics(cfg MetricsConfig) *Metrics {
	ns := cfg.Namespace
	if ns == "" {
		ns = "pylon"
	}
	buckets := cfg.Buckets
	if buckets == nil {
		buckets = prometheus.DefBuckets
	}
	return &Metrics{
		started: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Name: "tasks_started_total",
			Help: "Tasks and service runs started.",
		}, []string{"kind", "name"}),
		finished: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Name: "tasks_finished_total",
			Help: "Tasks and service runs finished, by final state (succeeded, failed, killed, panicked).",
		}, []string{"kind", "name", "state"}),
		running: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: ns, Name: "tasks_running",
			Help: "Tasks and service runs running now.",
		}, []string{"kind", "name"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: ns, Name: "task_duration_seconds",
			Help:    "Run time of finished tasks and service runs.",
			Buckets: buckets,
		}, []string{"kind", "name", "state"}),
	}
}

func (m *Metrics) series(k task.Kind, name string) *series {
	key := seriesKey{k, name}
	if s, ok := m.children.Load(key); ok {
		return s.(*series)
	}
	kind := k.String()
	s := &series{
		started: m.started.WithLabelValues(kind, name),
		running: m.running.WithLabelValues(kind, name),
	}
	for i, st := range endStates {
		s.finished[i] = m.finished.WithLabelValues(kind, name, st.String())
		s.duration[i] = m.duration.WithLabelValues(kind, name, st.String())
	}
	actual, _ := m.children.LoadOrStore(key, s)
	return actual.(*series)
}

// TaskStarted counts a start and a running task.
func (m *Metrics) TaskStarted(k task.Kind, name string) {
	s := m.series(k, name)
	s.started.Inc()
	s.running.Inc()
}

// TaskEnded counts an end by its final state and observes its duration.
func (m *Metrics) TaskEnded(k task.Kind, name string, st task.State, d time.Duration) {
	s := m.series(k, name)
	s.running.Dec()
	for i, end := range endStates {
		if st == end {
			s.finished[i].Inc()
			s.duration[i].Observe(d.Seconds())
			return
		}
	}
}

// Describe sends the descriptors of the metrics to ch.
func (m *Metrics) Describe(ch chan<- *prometheus.Desc) {
	m.started.Describe(ch)
	m.finished.Describe(ch)
	m.running.Describe(ch)
	m.duration.Describe(ch)
}

// Collect sends the current values to ch.
func (m *Metrics) Collect(ch chan<- prometheus.Metric) {
	m.started.Collect(ch)
	m.finished.Collect(ch)
	m.running.Collect(ch)
	m.duration.Collect(ch)
}

var (
	_ task.Metrics         = (*Metrics)(nil)
	_ prometheus.Collector = (*Metrics)(nil)
)
