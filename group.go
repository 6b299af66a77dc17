package pylon

import "net/http"

// Group registers routes under a common path prefix with common
// middleware. Unlike the App's own stack, a Group's middleware runs after
// routing, only for the Group's routes. Add middleware before routes: Use
// after the Group has routes panics, as it could not apply to them.
type Group struct {
	routes
}

// Group returns a group of routes under prefix, wrapped in middleware.
func (app *App) Group(prefix string, middleware ...func(http.Handler) http.Handler) *Group {
	return app.routes.group(prefix, middleware)
}

// Group returns a nested group: its prefix follows g's, its middleware
// runs inside g's.
func (g *Group) Group(prefix string, middleware ...func(http.Handler) http.Handler) *Group {
	return g.routes.group(prefix, middleware)
}

func (rs *routes) group(prefix string, middleware []func(http.Handler) http.Handler) *Group {
	g := &Group{routes{app: rs.app, prefix: rs.join(prefix), layers: rs.layers[:len(rs.layers):len(rs.layers)]}}
	g.Use(middleware...)
	return g
}

// Use appends net/http middleware to the group.
func (g *Group) Use(middleware ...func(http.Handler) http.Handler) {
	g.mustHaveNoRoutes()
	for _, m := range middleware {
		g.layers = append(g.layers, layer{std: m})
	}
}

// UseContext appends Pylon middleware to the group.
func (g *Group) UseContext(middleware ...Middleware) {
	g.mustHaveNoRoutes()
	for _, m := range middleware {
		g.layers = append(g.layers, layer{ctx: m})
	}
}

func (g *Group) mustHaveNoRoutes() {
	if g.hasRoutes {
		panic("pylon: Group.Use after routes were added to the group " + g.prefix)
	}
}
