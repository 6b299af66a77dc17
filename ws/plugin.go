package ws

import (
	"errors"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/task"
)

// Plugin ties a Hub to an App's lifecycle:
//
//	hub := ws.NewHub(ws.HubConfig{Backend: ws.NewRedis(ws.RedisConfig{Client: rdb})})
//	app.Plug(&ws.Plugin{Hub: hub})
//
// It runs the Hub as a supervised service (when it has a Backend) and
// shuts it down as soon as the App's shutdown begins, closing WebSockets
// with 1001 and ending SSE streams, so that they do not hold up the
// draining of in-flight requests; the App's stop hook waits for them.
type Plugin struct {
	// Hub is the Hub to run. Required.
	Hub *Hub
}

// Name returns "ws".
func (p *Plugin) Name() string { return "ws" }

// Install adds the Hub's service and lifecycle hooks to app.
func (p *Plugin) Install(app *pylon.App) error {
	if p.Hub == nil {
		return errors.New("ws: Plugin.Hub is not set")
	}
	if p.Hub.cfg.Backend != nil {
		if err := app.Service("ws.hub", p.Hub, task.Always); err != nil {
			return err
		}
	}
	// Close the connections with 1001 when shutdown begins: draining
	// would otherwise wait for every WebSocket and SSE stream.
	app.OnShutdown(func() { p.Hub.beginShutdown() })
	app.OnStop(p.Hub.Shutdown)
	return nil
}
