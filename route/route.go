package route

import (
	"fmt"
	"net/http"
)

// Route is a registered route. Its exported fields describe it; change them
// only through the Router (treat them as read-only).
type Route struct {
	Method  string       // the method, or "" for every method
	Path    string       // the path pattern as registered, e.g. "/users/{id}"
	Handler http.Handler // the handler

	// The fields a lookup and a dispatch read come first, after Handler.
	pattern   string        // Method + " " + Path, or Path
	params    ParamsHandler // Handler, if it is one
	names     []string      // parsed.names, here so that a lookup need not load the Pattern
	allow     string        // the Allow header of the route's path, kept equal to leaf.allow
	name      string
	parsed    *Pattern
	router    *Router
	leaf      *leaf
	restNamed bool // the last segment is a named {x...}, whose value is captured
}

// Name names the route for [Router.URL] and [Router.Route] and returns r.
// It panics if another route has the name. Like registration, it must not
// run concurrently with lookups.
func (r *Route) Name(name string) *Route {
	rt := r.router
	if other := rt.names[name]; other != nil && other != r {
		panic(fmt.Sprintf("route: name %q of %s is already used by %s", name, r.pattern, other.pattern))
	}
	if rt.names == nil {
		rt.names = make(map[string]*Route)
	}
	if r.name != "" {
		delete(rt.names, r.name)
	}
	r.name = name
	rt.names[name] = r
	return r
}

// RouteName returns the route's name, or "" if it has none.
func (r *Route) RouteName() string { return r.name }

// Pattern returns the method and path, such as "GET /users/{id}", or just the
// path for a route of every method. ServeHTTP stores it in
// [http.Request.Pattern]. It is computed at registration.
func (r *Route) Pattern() string { return r.pattern }

// ParsedPattern returns the route's parsed path pattern.
func (r *Route) ParsedPattern() *Pattern { return r.parsed }

// String returns r.Pattern().
func (r *Route) String() string { return r.pattern }
