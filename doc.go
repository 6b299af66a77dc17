// Package pylon is a web framework in the tradition of Python's Pylons:
// an App that is an http.Handler, a fast router with named routes and URL
// generation, a request Context, errors that become responses, middleware
// in both the net/http shape and Pylon's own, configuration from TOML
// files and the environment, a server with graceful shutdown, plugins, and
// request-scoped concurrent tasks.
//
// The shortest use:
//
//	app := pylon.New(pylon.Config{})
//	app.GET("/users/{id}", func(c *pylon.Context) error {
//		return c.JSON(200, map[string]string{"id": c.Param("id")})
//	}).Name("user")
//	app.Run(context.Background()) // serves on 127.0.0.1:8080
//
// # Handlers and errors
//
// A [Handler] is func(*Context) error. Returning an error hands it to the
// App's error handler ([DefaultErrorHandler] unless App.ErrorHandler is
// set), which answers with RFC 9457 problem+json, an HTML page or plain
// text by the request's Accept header. Return an [HTTPError] to choose the
// status and the message; other errors become a 500 that shows no
// internals unless Config.Debug is on. A panic in a handler is recovered
// into a [PanicError], logged with its stack, and answered with a 500.
//
// # Middleware
//
// App.Use takes net/http middleware (func(http.Handler) http.Handler) and
// App.UseContext takes Pylon's own ([Middleware], func(Handler) Handler);
// they mix in one stack in the order added. Errors flow through adjacent
// Pylon middleware; a net/http middleware sees them rendered into the
// response. The App's stack runs before routing; a [Group]'s stack runs
// after routing, for the group's routes only.
//
// # Routing
//
// Patterns use the syntax of net/http's ServeMux, "/users/{id}" and
// "/files/{path...}" and "{$}", plus requirements such as "{id:[0-9]+}";
// see package [github.com/pylonweb/pylon/route]. Routes can be named and
// their URLs built with App.URL and Context.URL. App.Resource registers the
// REST routes of a controller like Routes' map.resource; App.Mount plugs in
// any http.Handler under a prefix; App.Redirect registers redirects.
//
// # Concurrency
//
// Context.Go starts a task bound to the request: when the handler returns,
// the request's unfinished tasks are cancelled and joined before the
// response completes, and a client that disconnects cancels them. Work
// that must outlive a request belongs to App.Background or App.Service.
// See package [github.com/pylonweb/pylon/task].
package pylon
