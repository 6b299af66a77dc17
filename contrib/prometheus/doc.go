// Package prometheus exports Pylon's task metrics to Prometheus: a
// [task.Metrics] that counts tasks and service runs by kind and name, and
// a [pylon.Plugin] that feeds it from the App's task Registry and serves
// /metrics.
//
//	app.Plug(prometheus.New(prometheus.Config{}))
//
// It is its own Go module, github.com/pylonweb/pylon/contrib/prometheus,
// so that the Prometheus client's dependencies never enter Pylon's
// go.mod; an application that wants it requires this module.
//
// # Metrics
//
// With the default namespace "pylon":
//
//	pylon_tasks_started_total{kind,name}          counter
//	pylon_tasks_finished_total{kind,name,state}   counter; state is succeeded, failed, killed or panicked
//	pylon_tasks_running{kind,name}                gauge
//	pylon_task_duration_seconds{kind,name,state}  histogram of run times of finished tasks
//
// kind is "task" or "service". Task names become label values, so give
// tasks a small fixed set of names ("fetch-user"), never one per request.
package prometheus
