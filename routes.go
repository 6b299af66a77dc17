package pylon

import (
	"fmt"
	"net/http"
	"reflect"
	"runtime"
	"strings"

	"github.com/pylonweb/pylon/route"
)

// routes is the route-registering half shared by App and Group: a path
// prefix and the middleware that wraps each route registered through it.
type routes struct {
	app       *App
	prefix    string
	layers    []layer
	hasRoutes bool
	auto      Handler // layers around answerMethods, made with the first route
}

// MethodAny registers a route for every method; see Any.
const MethodAny = ""

// GET registers h for GET (and so HEAD) requests matching pattern, with
// optional route middleware, and returns the route, e.g. to name it.
func (rs *routes) GET(pattern string, h Handler, mw ...Middleware) *route.Route {
	return rs.add(http.MethodGet, pattern, h, handlerName(h), mw)
}

// POST registers h for POST requests; see GET.
func (rs *routes) POST(pattern string, h Handler, mw ...Middleware) *route.Route {
	return rs.add(http.MethodPost, pattern, h, handlerName(h), mw)
}

// PUT registers h for PUT requests; see GET.
func (rs *routes) PUT(pattern string, h Handler, mw ...Middleware) *route.Route {
	return rs.add(http.MethodPut, pattern, h, handlerName(h), mw)
}

// PATCH registers h for PATCH requests; see GET.
func (rs *routes) PATCH(pattern string, h Handler, mw ...Middleware) *route.Route {
	return rs.add(http.MethodPatch, pattern, h, handlerName(h), mw)
}

// DELETE registers h for DELETE requests; see GET.
func (rs *routes) DELETE(pattern string, h Handler, mw ...Middleware) *route.Route {
	return rs.add(http.MethodDelete, pattern, h, handlerName(h), mw)
}

// HEAD registers h for HEAD requests, overriding the GET route's answer.
func (rs *routes) HEAD(pattern string, h Handler, mw ...Middleware) *route.Route {
	return rs.add(http.MethodHead, pattern, h, handlerName(h), mw)
}

// OPTIONS registers h for OPTIONS requests, replacing the automatic answer
// that lists the allowed methods.
func (rs *routes) OPTIONS(pattern string, h Handler, mw ...Middleware) *route.Route {
	return rs.add(http.MethodOptions, pattern, h, handlerName(h), mw)
}

// Any registers h for every method.
func (rs *routes) Any(pattern string, h Handler, mw ...Middleware) *route.Route {
	return rs.add(MethodAny, pattern, h, handlerName(h), mw)
}

// Method registers h for an arbitrary method, such as PROPFIND.
func (rs *routes) Method(method, pattern string, h Handler, mw ...Middleware) *route.Route {
	return rs.add(method, pattern, h, handlerName(h), mw)
}

// Handle registers a net/http handler for method (MethodAny for every
// method). Inside it, r.PathValue returns the route's parameters.
func (rs *routes) Handle(method, pattern string, h http.Handler) *route.Route {
	return rs.add(method, pattern, HTTPHandler(h), handlerName(h), nil)
}

// HandleFunc registers a net/http handler function; see Handle.
func (rs *routes) HandleFunc(method, pattern string, h func(http.ResponseWriter, *http.Request)) *route.Route {
	return rs.add(method, pattern, HTTPHandler(http.HandlerFunc(h)), handlerName(h), nil)
}

func (rs *routes) add(method, pattern string, h Handler, name string, mw []Middleware) *route.Route {
	if h == nil {
		panic(fmt.Sprintf("pylon: nil handler for %s %s", method, pattern))
	}
	rs.app.mustNotServe("registering " + pattern)
	layers := rs.layers
	if len(mw) > 0 {
		layers = append(layers[:len(layers):len(layers)], ctxLayers(mw)...)
	}
	composed := rs.app.composeRoute(layers, h)
	rh := &routeHandler{h: composed, std: rs.app.toHTTP(composed, true), name: name}
	if rs.auto == nil && len(rs.layers) > 0 {
		// The group's middleware is fixed now: Use panics once it has routes.
		rs.auto = rs.app.composeRoute(rs.layers, answerMethods)
		rs.app.groupAnswers = true
	}
	rh.auto = rs.auto
	rs.hasRoutes = true
	return rs.app.router.Handle(method, rs.join(pattern), rh)
}

// join puts the prefix in front of a pattern.
func (rs *routes) join(pattern string) string {
	if rs.prefix == "" {
		return pattern
	}
	if pattern == "" || pattern == "/" {
		return rs.prefix
	}
	return rs.prefix + "/" + strings.TrimPrefix(pattern, "/")
}

func ctxLayers(mw []Middleware) []layer {
	out := make([]layer, len(mw))
	for i, m := range mw {
		out[i] = layer{ctx: m}
	}
	return out
}

// routeHandler is what the App registers with its router: the route's
// composed Handler and its name for listings. The App's dispatcher calls h
// directly; ServeHTTP serves the rare caller that uses the router alone.
type routeHandler struct {
	h    Handler
	std  http.Handler // h as a net/http handler, made once
	name string
	// auto is the middleware of the route's Group around answerMethods,
	// for OPTIONS and 405 answers at the route's path (see
	// App.answeringRoute); nil if the Group has none.
	auto Handler
}

func (rh *routeHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rh.std.ServeHTTP(w, r)
}

// handlerName names a handler for route listings: the function's name, or
// the type of a handler value.
func handlerName(h any) string {
	v := reflect.ValueOf(h)
	if v.Kind() == reflect.Func {
		if fn := runtime.FuncForPC(v.Pointer()); fn != nil {
			return strings.TrimSuffix(fn.Name(), "-fm")
		}
	}
	if hf, ok := h.(http.HandlerFunc); ok {
		return handlerName((func(http.ResponseWriter, *http.Request))(hf))
	}
	return fmt.Sprintf("%T", h)
}

// RouteInfo describes one registered route, for listings such as
// `pylon routes`.
type RouteInfo struct {
	Method  string `json:"method"`
	Pattern string `json:"pattern"`
	Name    string `json:"name,omitempty"`
	Handler string `json:"handler"`
}

// Routes lists every route in registration order.
func (app *App) Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range app.router.Routes() {
		info := RouteInfo{Method: rt.Method, Pattern: rt.Path, Name: rt.RouteName()}
		if info.Method == "" {
			info.Method = "*"
		}
		if rh, ok := rt.Handler.(*routeHandler); ok {
			info.Handler = rh.name
		} else {
			info.Handler = handlerName(rt.Handler)
		}
		out = append(out, info)
	}
	return out
}
