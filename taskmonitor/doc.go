// Package taskmonitor is Pylon's live task monitor, the "manage greenlet
// tasks: check alive, restart" of the seed article (3.1.2) as a page: every
// live task and supervised service of an App, with its state, age, owner
// (the request ID), restarts and last error; a button to kill a task or
// restart a service; the stack of one task's goroutine.
//
// Install it as a plugin:
//
//	app.Plug(taskmonitor.New(taskmonitor.Config{}))
//
// # Access
//
// The monitor shows request IDs, error messages and stacks, so it is never
// public. Install mounts it only when the App is in debug mode or a token
// is configured; a request is let in when the App is in debug mode or
// presents the token as "Authorization: Bearer <token>". Any other request
// gets the App's ordinary 404, so the monitor's existence is not revealed.
// In production, set the token from the environment, never in code:
//
//	PYLON_TASKMONITOR_TOKEN=$(openssl rand -hex 32) ./app
//
// and query it with curl or through a proxy that adds the header.
//
// POST requests (kill, restart) are also refused with 403 when a browser
// says they come from another origin, by [http.CrossOriginProtection].
//
// # Routes
//
// Under Config.Path, /debug/tasks by default:
//
//	GET  /debug/tasks                        HTML page; JSON with ?format=json or Accept: application/json
//	GET  /debug/tasks/{id}/stack             the stack of the task's goroutine (text)
//	POST /debug/tasks/{id}/kill              kill a task (a service's ID restarts it)
//	POST /debug/tasks/services/{name}/restart restart one of the App's services
//
// # Cost
//
// The Registry records tasks whether or not the monitor is installed. To
// show stacks, Install turns on [task.Registry.TrackGoroutines], which
// costs about 2µs per spawned task (parsing runtime.Stack's header in the
// new goroutine), several times the cost of the spawn itself. Set
// Config.NoStacks to keep it off. Reading one stack stops the world
// briefly to collect all goroutines' stacks: it is for a person, not a
// scraper.
package taskmonitor
