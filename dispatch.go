package pylon

import (
	"net/http"
	"strings"

	"github.com/pylonweb/pylon/route"
)

// dispatch routes the request and calls the route's handler. It is the
// innermost handler of the App's stack.
func (app *App) dispatch(c *Context) error {
	r := c.req
	if r.Method == http.MethodPost && !app.config.DisableMethodOverride {
		c.overrideMethod()
	}
	m := app.router.Lookup(r.Method, route.RequestPath(r), &c.params)
	switch m.Kind {
	case route.Found:
		c.route = m.Route
		r.Pattern = m.Route.Pattern()
		app.setPathValues(c)
		if rh, ok := m.Route.Handler.(*routeHandler); ok {
			return rh.h(c)
		}
		// A route added to app.Router() directly, not through the App. A
		// ParamsHandler gets the Context's parameters as the Router
		// itself would lend them, also when r.PathValue is not set.
		if ph, ok := m.Route.Handler.(route.ParamsHandler); ok {
			ph.ServeHTTPParams(c.Response(), c.Request(), &c.params)
			return nil
		}
		m.Route.Handler.ServeHTTP(c.Response(), c.Request())
		return nil
	case route.MethodNotAllowed, route.Options:
		// The answer runs through the Group middleware of a route at the
		// path, so that a Group's CORS middleware can answer a preflight.
		c.Header().Set("Allow", m.Allow)
		if !app.groupAnswers { // no Group middleware to answer through
			return answerMethods(c)
		}
		rt := app.answeringRoute(route.RequestPath(r), m.Allow, &c.params)
		if rt != nil {
			if rh, ok := rt.Handler.(*routeHandler); ok && rh.auto != nil {
				app.setPathValues(c)
				return rh.auto(c)
			}
		}
		return answerMethods(c)
	case route.Redirect:
		u := mountPrefix(r) + m.Location
		if r.URL.RawQuery != "" && !strings.Contains(u, "?") {
			u += "?" + r.URL.RawQuery
		}
		http.Redirect(c.Response(), r, u, m.Code)
		return nil
	case route.BadRequest:
		return NewHTTPError(http.StatusBadRequest, "malformed percent-encoding in the request path")
	default:
		return ErrNotFound
	}
}

// setPathValues gives the request the Context's parameters, so that
// r.PathValue and stdlib-aware middleware see them, unless the App skips
// them (Config.SkipPathValues).
func (app *App) setPathValues(c *Context) {
	if app.config.SkipPathValues {
		return
	}
	for i := range c.params.Len() {
		c.req.SetPathValue(c.params.Key(i), c.params.Value(i))
	}
}

// answeringRoute returns the route whose Group's middleware the automatic
// answer to an OPTIONS request, or to a method the path's routes lack,
// runs through: the route that serves the first method in allow (the
// Allow header, in its order: GET, HEAD, POST, PUT, PATCH, DELETE, then
// the rest) for path. It stores that route's parameters in ps, and returns
// nil if no route does.
func (app *App) answeringRoute(path, allow string, ps *route.Params) *route.Route {
	for allow != "" {
		var method string
		method, allow, _ = strings.Cut(allow, ", ")
		if m := app.router.Lookup(method, path, ps); m.Kind == route.Found {
			return m.Route
		}
	}
	ps.Reset()
	return nil
}

// answerMethods is the router's own answer, which dispatch runs inside the
// Group middleware of the answering route: 204 to OPTIONS, else 405. The
// Allow header is set already.
func answerMethods(c *Context) error {
	if c.req.Method == http.MethodOptions {
		return c.NoContent(http.StatusNoContent)
	}
	return ErrMethodNotAllowed
}

// overrideMethod lets an HTML form tunnel PUT, PATCH and DELETE through
// POST with a _method field, as Pylons' Routes did. Only form bodies are
// read, so JSON requests keep their bodies.
func (c *Context) overrideMethod() {
	r := c.req
	// The key is canonical already: index the map instead of Header.Get,
	// which would validate and canonicalize it on every POST.
	var ct string
	if v := r.Header["Content-Type"]; len(v) > 0 {
		ct = v[0]
	}
	if mt := mediaType(ct); mt != "application/x-www-form-urlencoded" && mt != "multipart/form-data" {
		return
	}
	if _, err := c.Form(); err != nil {
		return // the handler meets the error when it reads the form
	}
	switch m := strings.ToUpper(r.PostForm.Get("_method")); m {
	case http.MethodPut, http.MethodPatch, http.MethodDelete:
		r.Method = m
	}
}
