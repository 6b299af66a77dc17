package main

import (
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
	"github.com/pylonweb/pylon/taskmonitor"
)

// newApp wires the aggregator's routes, middleware and the task monitor
// (mounted only in debug mode or with PYLON_TASKMONITOR_TOKEN set).
func newApp(cfg pylon.Config, agg *aggregator) (*pylon.App, error) {
	app := pylon.New(cfg)
	app.Use(middleware.RequestID, middleware.Recover)
	app.GET("/aggregate", agg.concurrent)
	app.GET("/aggregate/sequential", agg.sequential)
	if err := app.Plug(taskmonitor.New(taskmonitor.Config{})); err != nil {
		return nil, err
	}
	return app, nil
}
