package pylon

import "net/http"

// Handler handles a request through its Context and returns an error for
// the App's error handler to turn into a response. A handler that has
// written a response returns nil.
//
// A Handler may panic: the App recovers the panic into a 500 response and
// a log line with the stack. It must not keep the Context, or anything
// from it, after it returns (see [Context]).
type Handler func(c *Context) error

// Middleware is Pylon's own middleware shape: it wraps a Handler and sees
// the error the wrapped handler returns. Middleware of the net/http shape,
// func(http.Handler) http.Handler, registers with Use; the two mix freely.
type Middleware func(next Handler) Handler

// HTTPHandler adapts a net/http handler to a Handler.
func HTTPHandler(h http.Handler) Handler {
	return func(c *Context) error {
		h.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}

// layer is one entry of a middleware stack, in either shape.
type layer struct {
	std func(http.Handler) http.Handler
	ctx Middleware
}

// compose wraps h in layers, the first layer outermost, for the App's own
// stack, which runs before routing. Consecutive Pylon middleware wrap each
// other directly, so errors flow through them; at a net/http middleware
// the error is rendered into the response first, because that middleware
// can only see what was written.
func (app *App) compose(layers []layer, h Handler) Handler {
	return app.wrap(layers, h, false)
}

// composeRoute is compose for a route's group and route middleware, which
// run after routing.
func (app *App) composeRoute(layers []layer, h Handler) Handler {
	return app.wrap(layers, h, true)
}

func (app *App) wrap(layers []layer, h Handler, routed bool) Handler {
	for i := len(layers) - 1; i >= 0; i-- {
		l := layers[i]
		if l.ctx != nil {
			h = l.ctx(h)
			continue
		}
		h = fromHTTP(l.std(app.toHTTP(h, routed)))
	}
	return h
}

// toHTTP turns h into a net/http handler that finds the request's Context
// again through the ResponseWriter (see contextFor). When a middleware hid
// the writer, the Context made in its place is given, if routed (the
// middleware runs after routing), the route and parameters of its request
// (see reroute); the values set with Context.Set stay behind.
func (app *App) toHTTP(h Handler, routed bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, fresh := app.contextFor(w, r)
		if fresh {
			if routed {
				app.reroute(c)
			}
			app.serve(h, c)
			return
		}
		c.writer, c.req = w, r
		if app.run(h, c) { // as serve does, which releases c on the way up
			panic(http.ErrAbortHandler)
		}
	})
}

// fromHTTP turns a net/http handler into a Handler. What the handler's
// middleware did to the writer and request applies only inside it, except
// the route pattern: a middleware that passed on a derived request (with
// r.WithContext, say) must not hide the route from the ones outside it,
// such as a logger.
func fromHTTP(h http.Handler) Handler {
	return func(c *Context) error {
		w, r := c.writer, c.req
		h.ServeHTTP(w, r)
		if inner := c.req; inner != r && r.Pattern == "" {
			r.Pattern = inner.Pattern
		}
		c.writer, c.req = w, r
		return nil
	}
}
