package prometheus

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// Config configures the plugin. Its zero value uses every default.
type Config struct {
	// Path is where the plugin serves the metrics. If empty, "/metrics".
	Path string
	// Registry holds the collectors the plugin serves; the plugin
	// registers its Metrics there. If nil, a new registry with the Go
	// runtime and process collectors.
	Registry *prometheus.Registry
	// Metrics configures the task metrics.
	Metrics MetricsConfig
}

// Plugin is a pylon.Plugin that counts the App's tasks and serves
// Prometheus metrics. Make it with New.
type Plugin struct {
	cfg     Config
	metrics *Metrics
}

// New returns the plugin configured by cfg.
func New(cfg Config) *Plugin { return &Plugin{cfg: cfg} }

// Name returns "prometheus".
func (p *Plugin) Name() string { return "prometheus" }

// Metrics returns the task metrics, once installed; nil before.
func (p *Plugin) Metrics() *Metrics { return p.metrics }

// Install registers the task metrics, adds them to the App's task
// Registry (beside its existing Metrics, if any) and serves GET
// Config.Path with promhttp.
//
// Registry.Metrics is a plain field: install the plugin before the App
// serves and before tasks use the Registry. When the App uses
// task.DefaultRegistry, the metrics count every task of the process that
// uses it.
func (p *Plugin) Install(app *pylon.App) error {
	reg := p.cfg.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	m := NewMetrics(p.cfg.Metrics)
	if err := reg.Register(m); err != nil {
		return err
	}
	tr := app.TaskRegistry()
	if tr.Metrics == nil {
		tr.Metrics = m
	} else {
		tr.Metrics = task.MultiMetrics{tr.Metrics, m}
	}
	p.metrics = m
	path := p.cfg.Path
	if path == "" {
		path = "/metrics"
	}
	app.Handle(http.MethodGet, path, promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	return nil
}

var _ pylon.Plugin = (*Plugin)(nil)
