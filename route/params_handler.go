package route

import (
	"net/http"
	"strings"
	"sync"
)

// ParamsHandler is a handler that takes a matched route's parameters from
// the [Router] directly, as httprouter's handlers do, instead of reading
// them with r.PathValue.
//
// For a route whose handler is a ParamsHandler, [Router.ServeHTTP] sets
// r.Pattern but does not call r.SetPathValue, and calls ServeHTTPParams
// with the parameters. That is what makes such a route free of
// allocations: net/http keeps the path values that SetPathValue sets in
// a map it makes for each request. Use a ParamsHandler where speed
// matters and nothing between the Router and the handler reads
// r.PathValue; use a plain [http.Handler] otherwise.
type ParamsHandler interface {
	http.Handler
	// ServeHTTPParams serves r with the route's parameters. ps belongs to
	// the Router, which reuses it once ServeHTTPParams returns: read it,
	// keep its values (they are strings) if need be, but do not keep or
	// modify ps itself.
	ServeHTTPParams(w http.ResponseWriter, r *http.Request, ps *Params)
}

// ParamsFunc adapts a function to a [ParamsHandler].
type ParamsFunc func(w http.ResponseWriter, r *http.Request, ps *Params)

// ServeHTTPParams calls f(w, r, ps).
func (f ParamsFunc) ServeHTTPParams(w http.ResponseWriter, r *http.Request, ps *Params) {
	f(w, r, ps)
}

// ServeHTTP calls f with the parameters read back from the request: the
// names from r.Pattern, the values from r.PathValue. This is how f is
// called when something other than the Router calls it, typically
// middleware wrapped around it, which makes the route a plain handler so
// that the Router sets the path values.
func (f ParamsFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f(w, r, ParamsFromRequest(r))
}

// ParamsFromRequest returns the parameters of r's route as the request
// carries them: the names of the wildcards in r.Pattern and their values
// from r.PathValue. It returns empty Params if r.Pattern is empty or
// invalid.
func ParamsFromRequest(r *http.Request) *Params {
	ps := new(Params)
	pattern := r.Pattern
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		pattern = pattern[i+1:] // drop the method
	}
	p, err := ParsePattern(pattern)
	if err != nil {
		return ps
	}
	ps.keys = p.names
	for _, name := range p.names {
		ps.push(r.PathValue(name))
	}
	return ps
}

// paramsPool holds the Params that ServeHTTP lends to ParamsHandlers: a
// pointer passed to a handler escapes, so a Params on the stack would be
// moved to the heap for every request.
var paramsPool = sync.Pool{New: func() any { return new(Params) }}
