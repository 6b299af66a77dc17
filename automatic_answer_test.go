package pylon_test

import (
	"net/http"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
)

// The automatic OPTIONS and 405 answers run through the middleware of the
// group whose routes match the path, so that CORS in a Group answers
// preflights, as the README recommends.
func TestGroupCORSAnswersPreflight(t *testing.T) {
	app := newApp(pylon.Config{})
	api := app.Group("/api", middleware.CORS(middleware.CORSConfig{AllowedOrigins: []string{"https://example.com"}}))
	api.POST("/items", func(c *pylon.Context) error { return c.String(201, "made") })

	t.Run("allowed origin", func(t *testing.T) {
		w := do(t, app, "OPTIONS", "/api/items", "",
			"Origin", "https://example.com", "Access-Control-Request-Method", "POST")
		wantStatus(t, w, 204)
		wantHeader(t, w, "Access-Control-Allow-Origin", "https://example.com")
		wantHeader(t, w, "Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE")
	})
	t.Run("other origin", func(t *testing.T) {
		w := do(t, app, "OPTIONS", "/api/items", "",
			"Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
		wantStatus(t, w, 204)
		wantHeader(t, w, "Access-Control-Allow-Origin", "")
		wantHeader(t, w, "Access-Control-Allow-Methods", "")
	})
	t.Run("plain OPTIONS", func(t *testing.T) {
		w := do(t, app, "OPTIONS", "/api/items", "")
		wantStatus(t, w, 204)
		wantHeader(t, w, "Allow", "POST, OPTIONS")
		wantHeader(t, w, "Vary", "Origin")
	})
	t.Run("405", func(t *testing.T) {
		w := do(t, app, "GET", "/api/items", "", "Origin", "https://example.com")
		wantStatus(t, w, 405)
		wantHeader(t, w, "Allow", "POST, OPTIONS")
		wantHeader(t, w, "Access-Control-Allow-Origin", "https://example.com")
	})
	t.Run("405 other origin", func(t *testing.T) {
		w := do(t, app, "DELETE", "/api/items", "", "Origin", "https://evil.example")
		wantStatus(t, w, 405)
		wantHeader(t, w, "Allow", "POST, OPTIONS")
		wantHeader(t, w, "Access-Control-Allow-Origin", "")
	})
	t.Run("route", func(t *testing.T) {
		w := do(t, app, "POST", "/api/items", "", "Origin", "https://example.com")
		wantStatus(t, w, 201)
		wantHeader(t, w, "Access-Control-Allow-Origin", "https://example.com")
	})
}

// Without middleware, and with middleware that passes the request on, the
// automatic answers are what the router gives.
func TestAutomaticAnswersUnchanged(t *testing.T) {
	pass := func(next http.Handler) http.Handler { return next }
	passCtx := func(next pylon.Handler) pylon.Handler { return next }
	for _, tc := range []struct {
		name string
		reg  func(app *pylon.App) *pylon.Group
	}{
		{"no group", func(app *pylon.App) *pylon.Group { return nil }},
		{"net/http middleware", func(app *pylon.App) *pylon.Group { return app.Group("", pass) }},
		{"pylon middleware", func(app *pylon.App) *pylon.Group {
			g := app.Group("")
			g.UseContext(passCtx)
			return g
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp(pylon.Config{})
			h := func(c *pylon.Context) error { return c.String(200, "ok") }
			if g := tc.reg(app); g != nil {
				g.GET("/items/{id}", h)
				g.POST("/items/{id}", h)
			} else {
				app.GET("/items/{id}", h)
				app.POST("/items/{id}", h)
			}
			w := do(t, app, "OPTIONS", "/items/1", "")
			wantStatus(t, w, 204)
			wantHeader(t, w, "Allow", "GET, HEAD, POST, OPTIONS")
			wantBody(t, w, "")
			w = do(t, app, "DELETE", "/items/1", "")
			wantStatus(t, w, 405)
			wantHeader(t, w, "Allow", "GET, HEAD, POST, OPTIONS")
		})
	}
}

// When the routes at a path belong to groups with different middleware,
// the automatic answer runs through the middleware of the route serving
// the first method in the Allow header; it sees that route's parameters.
func TestAutomaticAnswerRunsThroughFirstAllowedRoute(t *testing.T) {
	mark := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Group", name+" "+r.PathValue("id"))
				next.ServeHTTP(w, r)
			})
		}
	}
	app := newApp(pylon.Config{})
	h := func(c *pylon.Context) error { return c.String(200, "ok") }
	app.Group("", mark("writers")).DELETE("/things/{id}", h)
	app.Group("", mark("readers")).GET("/things/{id}", h)
	var param string
	g := app.Group("/only")
	g.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			param = c.Param("name")
			if c.Route() != nil {
				t.Errorf("Route() = %v for an automatic answer, want nil", c.Route())
			}
			return next(c)
		}
	})
	g.Method("PROPFIND", "/{name}", h)

	for _, tc := range []struct {
		method, target, group string
		code                  int
	}{
		{"OPTIONS", "/things/7", "readers 7", 204},
		{"PUT", "/things/7", "readers 7", 405},
	} {
		w := do(t, app, tc.method, tc.target, "")
		wantStatus(t, w, tc.code)
		wantHeader(t, w, "Allow", "GET, HEAD, DELETE, OPTIONS")
		wantHeader(t, w, "X-Group", tc.group)
	}

	// OPTIONS comes before PROPFIND in Allow, but the router answers
	// OPTIONS itself: the PROPFIND route answers.
	w := do(t, app, "OPTIONS", "/only/ann", "")
	wantStatus(t, w, 204)
	wantHeader(t, w, "Allow", "OPTIONS, PROPFIND")
	if param != "ann" {
		t.Fatalf("middleware saw name %q, want ann", param)
	}
}

// Pylon middleware sees the automatic 405 as the error it is, and may
// answer it.
func TestAutomaticAnswerErrorReachesMiddleware(t *testing.T) {
	app := newApp(pylon.Config{})
	g := app.Group("/g")
	var seen error
	g.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			seen = next(c)
			return seen
		}
	})
	g.GET("/x", func(c *pylon.Context) error { return c.String(200, "ok") })
	w := do(t, app, "POST", "/g/x", "")
	wantStatus(t, w, 405)
	wantHeader(t, w, "Allow", "GET, HEAD, OPTIONS")
	if seen != pylon.ErrMethodNotAllowed {
		t.Fatalf("middleware saw %v, want ErrMethodNotAllowed", seen)
	}
}

// A route's own middleware belongs to its method and does not run for the
// automatic answers; its Group's does.
func TestAutomaticAnswerSkipsRouteMiddleware(t *testing.T) {
	deny := func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error { return pylon.ErrUnauthorized }
	}
	h := func(c *pylon.Context) error { return c.String(200, "ok") }
	app := newApp(pylon.Config{})
	app.GET("/own", h, deny)
	g := app.Group("/g")
	g.UseContext(deny)
	g.GET("/x", h)

	wantStatus(t, do(t, app, "POST", "/own", ""), 405)
	wantStatus(t, do(t, app, "OPTIONS", "/own", ""), 204)
	wantStatus(t, do(t, app, "POST", "/g/x", ""), 401)
	wantStatus(t, do(t, app, "OPTIONS", "/g/x", ""), 401)
}
