package route

import (
	"net/http"
	"strings"
)

// ServeHTTP dispatches r. On a match it sets r.Pattern to the route's
// [Route.Pattern] and calls r.SetPathValue for each parameter, on r itself
// (no copy), then calls the route's handler; a [ParamsHandler] gets the
// parameters passed to it instead of set on r. Otherwise it answers: a
// redirect (the query string kept), 404 (or NotFound), 405 with Allow (or
// MethodNotAllowed), 204 with Allow for OPTIONS, or 400 for a malformed path.
//
// SetPathValue stores values in a map inside the request, so ServeHTTP
// allocates for routes with parameters unless their handler is a
// ParamsHandler; [Router.Lookup] itself does not.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rt.lendParams {
		rt.serveLending(w, r)
		return
	}
	// The Params stay on the stack: no handler here takes a pointer to
	// them.
	var ps Params
	m := rt.Lookup(r.Method, RequestPath(r), &ps)
	if m.Kind != Found {
		rt.serveOther(w, r, m)
		return
	}
	servePlain(w, r, m.Route, &ps)
}

// serveLending is ServeHTTP for a Router with ParamsHandler routes: it
// looks up into pooled Params, which it lends to the handler.
func (rt *Router) serveLending(w http.ResponseWriter, r *http.Request) {
	ps := paramsPool.Get().(*Params)
	m := rt.Lookup(r.Method, RequestPath(r), ps)
	switch {
	case m.Kind != Found:
		rt.serveOther(w, r, m)
	case m.Route.params != nil:
		r.Pattern = m.Route.pattern
		m.Route.params.ServeHTTPParams(w, r, ps)
	default:
		servePlain(w, r, m.Route, ps)
	}
	// Not deferred: after a panic the Params are left to the collector.
	// The values stay until the next lookup overwrites them, which
	// keeps a few strings alive a little longer, rather than pay for
	// clearing them.
	ps.Reset()
	paramsPool.Put(ps)
}

// servePlain calls rt's plain handler, with the route on r: r.Pattern
// and the path values. It keeps no pointer to ps.
func servePlain(w http.ResponseWriter, r *http.Request, rt *Route, ps *Params) {
	r.Pattern = rt.pattern
	for i := 0; i < ps.n; i++ {
		r.SetPathValue(ps.keys[i], ps.Value(i))
	}
	rt.Handler.ServeHTTP(w, r)
}

// serveOther answers a request that matched no route's handler.
func (rt *Router) serveOther(w http.ResponseWriter, r *http.Request, m Match) {
	switch m.Kind {
	case Redirect:
		loc := m.Location
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", loc)
		w.WriteHeader(m.Code)
	case Options:
		w.Header().Set("Allow", m.Allow)
		w.WriteHeader(http.StatusNoContent)
	case MethodNotAllowed:
		w.Header().Set("Allow", m.Allow)
		if rt.MethodNotAllowed != nil {
			rt.MethodNotAllowed.ServeHTTP(w, r)
			return
		}
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
	case BadRequest:
		http.Error(w, "400 bad request: malformed path", http.StatusBadRequest)
	default:
		if rt.NotFound != nil {
			rt.NotFound.ServeHTTP(w, r)
			return
		}
		http.NotFound(w, r)
	}
}

// RequestPath returns the escaped path of r to pass to [Router.Lookup]. When RawPath is empty, escaping
// Path gives the raw path back, and unless Path has a '%' (which would need
// escaping) it matches exactly like its escaped form; this skips the byte-by-
// byte escaping in EscapedPath on the common path.
func RequestPath(r *http.Request) string {
	u := r.URL
	if u.RawPath == "" && strings.IndexByte(u.Path, '%') < 0 {
		return u.Path
	}
	return u.EscapedPath()
}
