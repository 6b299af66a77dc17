package pylon_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
)

// hideWriter is net/http middleware whose writer has no Unwrap, so the
// App cannot find the Context through it. With clone, it passes on a deep
// copy of the request (r.Clone), which shares nothing with it.
func hideWriter(clone bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if clone {
				r = r.Clone(r.Context())
			}
			next.ServeHTTP(opaqueWriter{w}, r)
		})
	}
}

func setUser(next pylon.Handler) pylon.Handler {
	return func(c *pylon.Context) error {
		c.Set("user", "ann")
		return next(c)
	}
}

func showRequest(c *pylon.Context) error { return c.String(200, describe(c)) }

// describe gives the id parameter, the route's pattern and the user value.
func describe(c *pylon.Context) string {
	pattern := "<nil>"
	if c.Route() != nil {
		pattern = c.Route().Pattern()
	}
	v, _ := c.Get("user")
	user, ok := v.(string)
	if !ok {
		user = "<none>"
	}
	return c.Param("id") + " " + pattern + " " + user
}

// Behind Group middleware that hides the writer, such as
// http.TimeoutHandler, the handler still gets the route and its
// parameters. The values set before the middleware stay behind it.
func TestGroupMiddlewareWithoutUnwrap(t *testing.T) {
	timeout := func(h http.Handler) http.Handler { return http.TimeoutHandler(h, time.Second, "") }
	for _, tc := range []struct {
		name string
		mw   []func(http.Handler) http.Handler
		cfg  pylon.Config
		want string
	}{
		{"TimeoutHandler", []func(http.Handler) http.Handler{timeout}, pylon.Config{}, "42 GET /api/users/{id} <none>"},
		{"SkipPathValues", []func(http.Handler) http.Handler{timeout}, pylon.Config{SkipPathValues: true}, "42 GET /api/users/{id} <none>"},
		{"two layers", []func(http.Handler) http.Handler{hideWriter(false), timeout}, pylon.Config{}, "42 GET /api/users/{id} <none>"},
		{"Clone", []func(http.Handler) http.Handler{hideWriter(true)}, pylon.Config{}, "42 GET /api/users/{id} <none>"},
		{"with Unwrap", []func(http.Handler) http.Handler{middleware.Compress(middleware.CompressConfig{})}, pylon.Config{}, "42 GET /api/users/{id} ann"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp(tc.cfg)
			app.UseContext(setUser)
			g := app.Group("/api", tc.mw...)
			g.GET("/users/{id}", showRequest)
			w := do(t, app, "GET", "/api/users/42", "")
			wantStatus(t, w, 200)
			wantBody(t, w, tc.want)
		})
	}
}

// Values set inside the innermost such middleware reach the handler;
// those set outside it do not.
func TestValuesInsideHiddenWriters(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Use(hideWriter(false))
	app.UseContext(setUser)
	g := app.Group("/api", hideWriter(false))
	g.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			c.Set("user", "bob")
			return next(c)
		}
	})
	g.GET("/users/{id}", showRequest)
	g.Group("/inner", hideWriter(false)).GET("/users/{id}", showRequest)
	wantBody(t, do(t, app, "GET", "/api/users/7", ""), "7 GET /api/users/{id} bob")
	wantBody(t, do(t, app, "GET", "/api/inner/users/7", ""), "7 GET /api/inner/users/{id} <none>")
}

// The Context behind a hidden writer records the response it writes
// through, so that an error after the response was started is not written
// into it.
func TestHiddenWriterContextRecordsResponse(t *testing.T) {
	app := newApp(pylon.Config{})
	g := app.Group("", hideWriter(false))
	g.GET("/late", func(c *pylon.Context) error {
		if err := c.String(200, "ok"); err != nil {
			return err
		}
		if !c.Written() || c.Status() != 200 {
			t.Errorf("Written() = %v, Status() = %d after writing", c.Written(), c.Status())
		}
		return errors.New("too late to tell")
	})
	// The error comes after the response started, so it is aborted (see
	// TestErrorAfterWriteAborts), behind the hidden writer as well.
	w := httptest.NewRecorder()
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("ServeHTTP panicked with %v, want http.ErrAbortHandler", v)
			}
		}()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/late", nil))
	}()
	wantStatus(t, w, 200)
	wantBody(t, w, "ok")
}

// The automatic answers go through such middleware as well, and CORS
// inside it still answers preflights.
func TestAutomaticAnswerBehindHiddenWriter(t *testing.T) {
	app := newApp(pylon.Config{})
	timeout := func(h http.Handler) http.Handler { return http.TimeoutHandler(h, time.Second, "") }
	g := app.Group("/api", timeout, middleware.CORS(middleware.CORSConfig{AllowedOrigins: []string{"https://example.com"}}))
	g.POST("/items", func(c *pylon.Context) error { return c.String(201, "made") })

	w := do(t, app, "OPTIONS", "/api/items", "",
		"Origin", "https://example.com", "Access-Control-Request-Method", "POST")
	wantStatus(t, w, 204)
	wantHeader(t, w, "Access-Control-Allow-Origin", "https://example.com")

	w = do(t, app, "GET", "/api/items", "")
	wantStatus(t, w, 405)
	wantHeader(t, w, "Allow", "POST, OPTIONS")
}

// The router used on its own serves App routes through a Context of
// their own, which still gets the route's parameters.
func TestRouterAloneFindsParams(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/users/{id}", showRequest)
	w := do(t, app.Router(), "GET", "/users/5", "")
	wantBody(t, w, "5 GET /users/{id} <none>")
}

// After http.TimeoutHandler gave up, the handler it abandoned keeps a
// Context of its own, which the end of the request does not take away.
func TestTimeoutHandlerAbandonsItsOwnContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		app := newApp(pylon.Config{})
		g := app.Group("/api", func(h http.Handler) http.Handler { return http.TimeoutHandler(h, time.Second, "slow") })
		done := make(chan string, 1)
		g.GET("/users/{id}", func(c *pylon.Context) error {
			<-c.Context().Done()
			time.Sleep(time.Second) // the request has ended by now
			done <- describe(c)
			return c.String(200, "late")
		})
		w := do(t, app, "GET", "/api/users/3", "")
		wantStatus(t, w, 503)
		wantBody(t, w, "slow")
		if got := <-done; got != "3 GET /api/users/{id} <none>" {
			t.Fatalf("abandoned handler saw %q", got)
		}
	})
}
