package route

import (
	"net/http"
	"strings"
)

// ServeHTTP dispatches r. On a match it sets r.Pattern to the route's
// [Route.Pattern] and calls r.SetPathValue for each parameter, on r itself
// (no copy), then calls the route's handler. Otherwise it answers: a
// redirect (the query string kept), 404 (or NotFound), 405 with Allow (or
// MethodNotAllowed), 204 with Allow for OPTIONS, or 400 for a malformed path.
//
// SetPathValue stores values in a map inside the request, so ServeHTTP
// allocates for routes with parameters; [Router.Lookup] itself does not.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var ps Params
	m := rt.Lookup(r.Method, RequestPath(r), &ps)
	switch m.Kind {
	case Found:
		r.Pattern = m.Route.pattern
		for i := 0; i < ps.n; i++ {
			r.SetPathValue(ps.keys[i], ps.Value(i))
		}
		m.Route.Handler.ServeHTTP(w, r)
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
