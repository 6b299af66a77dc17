// Package ws gives Pylon real-time connections: WebSockets (on
// github.com/coder/websocket), rooms with broadcast, presence and history,
// Server-Sent Events fed by the same rooms, and a Redis backend so that
// several instances share them.
//
// The shortest use, a chat room:
//
//	hub := ws.NewHub(ws.HubConfig{History: 50})
//	app.Plug(&ws.Plugin{Hub: hub}) // closes connections with 1001 at shutdown
//	chat := &ws.Endpoint{
//		Hub:      hub,
//		UserFunc: func(c *pylon.Context) string { return session.GetString(c, "user") },
//		OnOpen:   func(conn *ws.Conn) error { return conn.Join(conn.Context(), "lobby") },
//		OnMessage: func(conn *ws.Conn, m ws.Message) error {
//			m.From = conn.User()
//			return hub.Broadcast(conn.Context(), "lobby", m)
//		},
//	}
//	app.GET("/chat/ws", chat.Handle)
//	app.GET("/chat/events", func(c *pylon.Context) error { return hub.ServeSSE(c, "lobby") })
//
// # Connections are tasks
//
// Each connection is one task of package task, "ws.reader", recorded in
// the App's task registry with the connection and its user as owner, so
// /debug/tasks shows it and task metrics count it. It runs OnOpen,
// OnMessage and OnClose; the upgrade handler returns as soon as the task
// is started, which frees the request's memory. A panic in a handler
// closes that connection with 1011. Sends go through a bounded queue
// drained by a writer goroutine that runs only while there is something
// to write (it is not in the registry); a client that does not read is
// closed as a slow consumer (1008, or 1013 by policy) and never holds up
// a broadcast. Keepalive pings come from one goroutine per Endpoint for
// all its connections, so an idle connection costs one goroutine
// (docs/benchmarks.md has the memory per connection).
//
// # Security and limits
//
// An upgrade whose Origin is neither the request's host nor listed in
// Endpoint.OriginPatterns gets 403, which stops cross-site WebSocket
// hijacking. A message over Endpoint.ReadLimit closes the connection with
// 1009, invalid UTF-8 in a text message with 1007, more messages than
// Endpoint.MessageRate allows with 1008, and more than
// Endpoint.MaxConnsPerClient connections from one address get 429.
//
// # Dependencies
//
// ws depends on the root package, and on render for its SSE writer, so
// that there is one implementation of the event stream format; render
// depends on nothing of ws.
package ws
