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
		if !app.config.SkipPathValues {
			for i := range c.params.Len() {
				r.SetPathValue(c.params.Key(i), c.params.Value(i))
			}
		}
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
	case route.MethodNotAllowed:
		c.Header().Set("Allow", m.Allow)
		return ErrMethodNotAllowed
	case route.Options:
		c.Header().Set("Allow", m.Allow)
		return c.NoContent(http.StatusNoContent)
	case route.Redirect:
		u := m.Location
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
