package pylon_test

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

func TestRouteMethods(t *testing.T) {
	app := newApp(pylon.Config{})
	reply := func(s string) pylon.Handler {
		return func(c *pylon.Context) error { return c.String(200, s) }
	}
	app.GET("/r", reply("get"))
	app.POST("/r", reply("post"))
	app.PUT("/r", reply("put"))
	app.PATCH("/r", reply("patch"))
	app.DELETE("/r", reply("delete"))
	app.Any("/any", reply("any"))
	app.Method("PROPFIND", "/dav", reply("propfind"))
	app.Handle(http.MethodGet, "/std", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "std ", r.Pattern)
	}))
	app.HandleFunc(http.MethodGet, "/std/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "id=", r.PathValue("id"))
	})

	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/r", "get"}, {"POST", "/r", "post"}, {"PUT", "/r", "put"},
		{"PATCH", "/r", "patch"}, {"DELETE", "/r", "delete"},
		{"GET", "/any", "any"}, {"DELETE", "/any", "any"}, {"PROPFIND", "/dav", "propfind"},
		{"GET", "/std", "std GET /std"}, {"GET", "/std/7", "id=7"},
	} {
		w := do(t, app, tc.method, tc.path, "")
		wantStatus(t, w, 200)
		wantBody(t, w, tc.body)
	}
}

func TestHeadServedByGet(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/", func(c *pylon.Context) error { return c.String(200, "hello") })
	w := do(t, app, "HEAD", "/", "")
	wantStatus(t, w, 200)
	wantBody(t, w, "")
	wantHeader(t, w, "Content-Length", "5")
}

func TestMethodNotAllowedAndOptions(t *testing.T) {
	app := newApp(pylon.Config{})
	ok := func(c *pylon.Context) error { return c.NoContent(204) }
	app.GET("/items", ok)
	app.POST("/items", ok)

	w := do(t, app, "DELETE", "/items", "", "Accept", "application/json")
	wantStatus(t, w, 405)
	wantHeader(t, w, "Allow", "GET, HEAD, POST, OPTIONS")
	wantHeader(t, w, "Content-Type", "application/problem+json")

	w = do(t, app, "OPTIONS", "/items", "")
	wantStatus(t, w, 204)
	wantHeader(t, w, "Allow", "GET, HEAD, POST, OPTIONS")
}

func TestNotFound(t *testing.T) {
	app := newApp(pylon.Config{})
	w := do(t, app, "GET", "/nope", "", "Accept", "application/json")
	wantStatus(t, w, 404)
	wantBodyContains(t, w, `"status":404`, `"title":"Not Found"`, `"instance":"/nope"`)
}

func TestMalformedPercentEncodingIs400(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/files/{name}", func(c *pylon.Context) error { return c.String(200, c.Param("name")) })
	// net/http refuses such a request line before any handler runs; the
	// client still gets a 400 from a served App.
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET /files/a%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("status = %d", resp.StatusCode)
	}
}

func TestParamsDecodedOnce(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/files/{name}", func(c *pylon.Context) error {
		return c.String(200, c.Param("name")+"|"+c.Request().PathValue("name"))
	})
	w := do(t, app, "GET", "/files/a%2Fb%2541", "")
	wantStatus(t, w, 200)
	wantBody(t, w, "a/b%41|a/b%41")
}

func TestPatternSetForStdMiddleware(t *testing.T) {
	app := newApp(pylon.Config{})
	var seen string
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			seen = r.Pattern
		})
	})
	app.GET("/users/{id}", func(c *pylon.Context) error { return c.NoContent(204) })
	do(t, app, "GET", "/users/42", "")
	if seen != "GET /users/{id}" {
		t.Fatalf("middleware saw pattern %q", seen)
	}
}

func TestRequirementFallsThrough(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/users/{id:[0-9]+}", func(c *pylon.Context) error { return c.String(200, "id "+c.Param("id")) })
	app.GET("/users/{name}", func(c *pylon.Context) error { return c.String(200, "name "+c.Param("name")) })
	wantBody(t, do(t, app, "GET", "/users/42", ""), "id 42")
	wantBody(t, do(t, app, "GET", "/users/ann", ""), "name ann")
}

func TestUncleanPathRedirects(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/a/b", func(c *pylon.Context) error { return c.NoContent(204) })
	w := do(t, app, "GET", "/a//b?x=1", "")
	wantStatus(t, w, 301)
	wantHeader(t, w, "Location", "/a/b?x=1")
}

func TestTrailingSlashRedirect(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/docs", func(c *pylon.Context) error { return c.NoContent(204) })
	w := do(t, app, "GET", "/docs/", "")
	wantStatus(t, w, 301)
	wantHeader(t, w, "Location", "/docs")

	app2 := newApp(pylon.Config{})
	app2.Router().RedirectTrailingSlash = false
	app2.GET("/docs", func(c *pylon.Context) error { return c.NoContent(204) })
	wantStatus(t, do(t, app2, "GET", "/docs/", ""), 404)
}

func TestGroupPrefixAndMiddleware(t *testing.T) {
	app := newApp(pylon.Config{})
	var order []string
	mark := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	app.Use(mark("app"))
	api := app.Group("/api", mark("api"))
	v1 := api.Group("/v1")
	v1.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			order = append(order, "v1")
			return next(c)
		}
	})
	v1.GET("/ping", func(c *pylon.Context) error { return c.String(200, "pong") })
	app.GET("/other", func(c *pylon.Context) error { return c.String(200, "other") })

	wantBody(t, do(t, app, "GET", "/api/v1/ping", ""), "pong")
	if got := strings.Join(order, ","); got != "app,api,v1" {
		t.Fatalf("order = %s", got)
	}
	order = nil
	wantBody(t, do(t, app, "GET", "/other", ""), "other")
	if got := strings.Join(order, ","); got != "app" {
		t.Fatalf("order = %s", got)
	}
}

func TestGroupUseAfterRoutesPanics(t *testing.T) {
	app := newApp(pylon.Config{})
	g := app.Group("/g")
	g.GET("/x", func(c *pylon.Context) error { return nil })
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	g.Use(func(h http.Handler) http.Handler { return h })
}

func TestRegisterAfterServingPanics(t *testing.T) {
	app := newApp(pylon.Config{})
	do(t, app, "GET", "/", "")
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	app.GET("/late", func(c *pylon.Context) error { return nil })
}

func TestMiddlewareMixedShapesSeeErrors(t *testing.T) {
	app := newApp(pylon.Config{})
	var seenErr error
	var stdStatus int
	app.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			err := next(c)
			seenErr = err
			return err
		}
	})
	app.GET("/fail", func(c *pylon.Context) error { return pylon.NewHTTPError(418, "teapot") })
	// A net/http middleware on the route's group sees the rendered response.
	g := app.Group("/g", func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &statusRecorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			stdStatus = rec.status
		})
	})
	g.GET("/fail", func(c *pylon.Context) error { return pylon.NewHTTPError(409, "conflict") })

	wantStatus(t, do(t, app, "GET", "/fail", ""), 418)
	var he *pylon.HTTPError
	if !errors.As(seenErr, &he) || he.Code != 418 {
		t.Fatalf("pylon middleware saw %v", seenErr)
	}
	wantStatus(t, do(t, app, "GET", "/g/fail", ""), 409)
	if stdStatus != 409 {
		t.Fatalf("net/http middleware saw status %d", stdStatus)
	}
	if seenErr != nil {
		t.Fatalf("outer pylon middleware saw %v after a net/http middleware rendered it", seenErr)
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int)        { s.status = code; s.ResponseWriter.WriteHeader(code) }
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// A middleware that hides the writer (no Unwrap) still works: the inner
// part gets its own Context.
type opaqueWriter struct{ http.ResponseWriter }

func TestMiddlewareWithoutUnwrap(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(opaqueWriter{w}, r)
		})
	})
	app.GET("/p/{id}", func(c *pylon.Context) error { return c.String(200, c.Param("id")) })
	wantBody(t, do(t, app, "GET", "/p/5", ""), "5")
}

func TestRouteMiddleware(t *testing.T) {
	app := newApp(pylon.Config{})
	auth := func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			if c.Request().Header.Get("Authorization") == "" {
				return pylon.ErrUnauthorized
			}
			return next(c)
		}
	}
	app.GET("/secret", func(c *pylon.Context) error { return c.String(200, "ok") }, auth)
	wantStatus(t, do(t, app, "GET", "/secret", ""), 401)
	wantStatus(t, do(t, app, "GET", "/secret", "", "Authorization", "x"), 200)
}

func TestMount(t *testing.T) {
	app := newApp(pylon.Config{})
	sub := http.NewServeMux()
	sub.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "root") })
	sub.HandleFunc("GET /hello/{name}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello ", r.PathValue("name"))
	})
	app.Mount("/sub", sub)
	wantBody(t, do(t, app, "GET", "/sub/hello/ann", ""), "hello ann")
	wantBody(t, do(t, app, "GET", "/sub", ""), "root")
	wantBody(t, do(t, app, "GET", "/sub/", ""), "root")
}

func TestRedirectRoute(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Redirect("/old/{path...}", "/new/{path}", http.StatusMovedPermanently)
	w := do(t, app, "GET", "/old/a/b%20c?q=1", "")
	wantStatus(t, w, 301)
	wantHeader(t, w, "Location", "/new/a/b%20c?q=1")
}

// A path that cannot fill the redirect's target is the client's mistake:
// 400, never a 500 or a redirect off the site.
func TestRedirectRouteRefusesBadPaths(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Redirect("/blog/{path...}", "/{path}", http.StatusMovedPermanently)
	for _, target := range []string{"/blog/%2Fevil.com", "/blog/%2F%2Fevil.com", "/blog/%2F%5Cevil.com"} {
		w := do(t, app, "GET", target, "")
		wantStatus(t, w, http.StatusBadRequest)
		if loc := w.Header().Get("Location"); loc != "" {
			t.Errorf("%s: Location %q", target, loc)
		}
	}
	wantHeader(t, do(t, app, "GET", "/blog/a/b", ""), "Location", "/a/b")
}

func TestRoutesListing(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/users/{id}", showUser).Name("user")
	app.Handle("", "/std", http.NotFoundHandler())
	routes := app.Routes()
	if len(routes) != 2 {
		t.Fatalf("routes = %+v", routes)
	}
	if r := routes[0]; r.Method != "GET" || r.Pattern != "/users/{id}" || r.Name != "user" || !strings.HasSuffix(r.Handler, "pylon_test.showUser") {
		t.Fatalf("route = %+v", r)
	}
	if r := routes[1]; r.Method != "*" || r.Pattern != "/std" {
		t.Fatalf("route = %+v", r)
	}
	var b strings.Builder
	if err := app.PrintRoutes(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `{"method":"GET","pattern":"/users/{id}","name":"user","handler":`) {
		t.Fatalf("PrintRoutes = %s", b.String())
	}
}

func showUser(c *pylon.Context) error { return c.String(200, c.Param("id")) }

func TestMethodOverride(t *testing.T) {
	app := newApp(pylon.Config{})
	app.DELETE("/a/{id}", func(c *pylon.Context) error { return c.String(200, "deleted "+c.Param("id")) })
	w := do(t, app, "POST", "/a/3", "_method=DELETE", "Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, w, 200)
	wantBody(t, w, "deleted 3")
	// Media types are case-insensitive.
	w = do(t, app, "POST", "/a/4", "_method=DELETE", "Content-Type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8")
	wantBody(t, w, "deleted 4")
	// JSON bodies are never read for it.
	w = do(t, app, "POST", "/a/3", `{"_method":"DELETE"}`, "Content-Type", "application/json")
	wantStatus(t, w, 405)

	off := newApp(pylon.Config{DisableMethodOverride: true})
	off.DELETE("/a/{id}", func(c *pylon.Context) error { return nil })
	wantStatus(t, do(t, off, "POST", "/a/3", "_method=DELETE", "Content-Type", "application/x-www-form-urlencoded"), 405)
}

func TestPatternVisibleThroughDerivedRequests(t *testing.T) {
	app := newApp(pylon.Config{})
	var seen string
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			seen = r.Pattern
		})
	})
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(r.Context())) // a derived request
		})
	})
	app.GET("/items/{id}", func(c *pylon.Context) error { return c.NoContent(204) })
	do(t, app, "GET", "/items/1", "")
	if seen != "GET /items/{id}" {
		t.Fatalf("outer middleware saw pattern %q", seen)
	}
}
