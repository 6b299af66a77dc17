package route

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Router matches requests to routes and, used as an [http.Handler],
// dispatches them. The zero value is ready to use.
//
// Register every route before serving: Handle, Add and Route.Name must not
// run concurrently with anything else on the Router. After that, Lookup,
// ServeHTTP, URL, Routes and Route are safe for concurrent use.
type Router struct {
	// RedirectTrailingSlash, if true, redirects a request that matches no
	// route to the same path with the trailing slash added or removed, when
	// that path matches a route for the method (301 for GET and HEAD, 308
	// otherwise). If false, such requests get 404.
	RedirectTrailingSlash bool

	// KeepUncleanPaths, if true, matches paths as they come. If false, a path
	// with an empty, "." or ".." segment (such as "/a//b", "/a/./b" or
	// "/a/%2E%2E/b") is redirected to its cleaned form, as ServeMux does (301
	// for GET and HEAD, 308 otherwise; CONNECT requests are never cleaned).
	KeepUncleanPaths bool

	// NotFound, if not nil, serves requests that match no route. If nil, the
	// router answers a plain 404.
	NotFound http.Handler

	// MethodNotAllowed, if not nil, serves requests whose path matches a route
	// but whose method does not; the Allow header is set before it is called.
	// If nil, the router answers a plain 405.
	MethodNotAllowed http.Handler

	root       *node
	routes     []*Route
	names      map[string]*Route
	methods    []string // method of each mask bit
	allowCache map[uint64]string
	lendParams bool // some route's handler is a ParamsHandler
}

// Handle registers h for method and pattern and returns the route. An empty
// method matches every method. It panics if the pattern is invalid or
// conflicts with a registered route, as ServeMux does; see [Router.Add].
func (rt *Router) Handle(method, pattern string, h http.Handler) *Route {
	r, err := rt.Add(method, pattern, h)
	if err != nil {
		panic(err)
	}
	return r
}

// HandleFunc registers f for method and pattern, like [Router.Handle].
func (rt *Router) HandleFunc(method, pattern string, f func(http.ResponseWriter, *http.Request)) *Route {
	return rt.Handle(method, pattern, http.HandlerFunc(f))
}

// Add registers h for method and pattern and returns the route. An empty
// method matches every method. The pattern syntax is [ParsePattern]'s. Add
// returns an error, naming both patterns, if the new route conflicts with a
// registered one: when both match the same requests, or when both match some
// request and neither is more specific (ServeMux's rule).
func (rt *Router) Add(method, pattern string, h http.Handler) (*Route, error) {
	if h == nil {
		return nil, fmt.Errorf("route: nil handler for %q", pattern)
	}
	r, err := rt.newRoute(method, pattern)
	if err != nil {
		return nil, err
	}
	r.Handler = h
	r.params, _ = h.(ParamsHandler)
	if r.params != nil {
		rt.lendParams = true
	}
	p := r.parsed
	var bit uint64
	if method != "" {
		if bit, err = rt.methodBit(method); err != nil {
			return nil, fmt.Errorf("route: %s: %w", r.pattern, err)
		}
	}
	if rt.root == nil {
		rt.root = &node{}
	}
	l := rt.root.insert(p.segments)
	switch {
	case method == "":
		l.any = r
	default:
		l.routes = append(l.routes, r)
		if method == "GET" {
			l.get = r
		}
	}
	l.mask |= bit
	r.leaf = l
	rt.cacheAllow(l)
	rt.routes = append(rt.routes, r)
	return r, nil
}

// Check reports the error Add would return for method and pattern (an
// invalid method or pattern, or a conflict with a registered route)
// without registering anything, so that a caller adding several routes
// can refuse them all before adding any.
func (rt *Router) Check(method, pattern string) error {
	_, err := rt.newRoute(method, pattern)
	return err
}

// newRoute parses and checks a route for Add, without its handler.
func (rt *Router) newRoute(method, pattern string) (*Route, error) {
	if method != "" && !validMethod(method) {
		return nil, fmt.Errorf("route: invalid method %q", method)
	}
	p, err := ParsePattern(pattern)
	if err != nil {
		return nil, err
	}
	r := &Route{Method: method, Path: pattern, parsed: p, router: rt, names: p.names}
	r.pattern = pattern
	if method != "" {
		r.pattern = method + " " + pattern
	}
	last := p.segments[len(p.segments)-1]
	r.restNamed = last.kind == multi && last.s != ""
	for _, old := range rt.routes {
		if msg := conflict(r, old); msg != "" {
			return nil, errors.New("route: conflicting routes: " + msg)
		}
	}
	return r, nil
}

// Routes returns every route in registration order. The caller may modify
// the slice but not the routes.
func (rt *Router) Routes() []*Route {
	return append([]*Route(nil), rt.routes...)
}

// Route returns the route with the given name, or nil if there is none.
func (rt *Router) Route(name string) *Route {
	return rt.names[name]
}

// Lookup finds the route for a method and an escaped path (as from
// [url.URL.EscapedPath]) and stores the route's parameters, decoded, in ps,
// which it resets first (ps may be nil). Matching allocates nothing unless
// the path holds percent-escapes (then a decoded copy of the path, plus one for
// each value holding an escaped '/' or '%'). See the package documentation
// for the rules.
func (rt *Router) Lookup(method, escapedPath string, ps *Params) Match {
	if ps == nil {
		ps = new(Params)
	}
	ps.Reset()
	p := escapedPath
	if p == "" || p[0] != '/' {
		return Match{Kind: BadRequest}
	}
	root := rt.root
	if root == nil {
		root = &emptyNode
	}
	// The first walk takes the path as it comes. If it finds a route, and
	// no wildcard or rest value holds a '%', the path is already canonical:
	// the bytes matched by statics equal a canonical literal, and the rest
	// went into values free of escapes. The walk also proves the path clean
	// (statics are never empty, "." or ".."; it flags wildcards and rest
	// values that are). So the common case neither scans the path for '%'
	// nor checks it for cleanliness; every other outcome takes the full way.
	m := matcher{method: method, ps: ps}
	r := root.match(p, &m)
	if r != nil && !m.pct && !m.unclean {
		ps.keys = r.names
		return Match{Kind: Found, Route: r, Allow: r.allow}
	}
	escaped := strings.IndexByte(p, '%') >= 0
	if escaped {
		ps.Reset()
		var ok bool
		if p, ok = canonicalize(p); !ok {
			return Match{Kind: BadRequest}
		}
		m = matcher{method: method, ps: ps, escaped: true}
		r = root.match(p, &m)
	}
	if (r == nil || m.unclean) && !rt.KeepUncleanPaths && method != "CONNECT" && !isClean(p) {
		clean := cleanPath(p)
		// Go straight to the final place, as ServeMux does, when the cleaned
		// path itself needs a trailing-slash redirect.
		if m := rt.Lookup(method, clean, ps); m.Kind == Redirect {
			ps.Reset()
			return m
		}
		ps.Reset()
		return Match{Kind: Redirect, Location: escapeCanonical(clean), Code: redirectCode(method)}
	}
	if r != nil {
		ps.keys = r.names
		if escaped {
			for i := 0; i < ps.n; i++ {
				ps.set(i, decodeCanonical(ps.Value(i)))
			}
		}
		return Match{Kind: Found, Route: r, Allow: r.allow}
	}
	if m.first != nil {
		allow := m.first.allow
		if m.mask != m.first.mask {
			allow = rt.allowFor(m.mask)
		}
		if method == "OPTIONS" {
			return Match{Kind: Options, Allow: allow}
		}
		return Match{Kind: MethodNotAllowed, Allow: allow}
	}
	if rt.RedirectTrailingSlash && p != "/" {
		alt := p + "/"
		if p[len(p)-1] == '/' {
			alt = p[:len(p)-1]
		}
		ps.Reset()
		m = matcher{method: method, ps: ps, escaped: escaped}
		r = root.match(alt, &m)
		ps.Reset()
		// A Location beginning with "//" would send the client to another host.
		if r != nil && !strings.HasPrefix(alt, "//") {
			return Match{Kind: Redirect, Location: escapeCanonical(alt), Code: redirectCode(method)}
		}
	}
	return Match{Kind: NotFound}
}

// emptyNode stands in for the root of a Router with no routes.
var emptyNode node

// redirectCode keeps the method and body for methods other than GET and HEAD.
func redirectCode(method string) int {
	if method == "GET" || method == "HEAD" {
		return http.StatusMovedPermanently
	}
	return http.StatusPermanentRedirect
}
