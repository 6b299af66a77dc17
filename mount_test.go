package pylon_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/pylonweb/pylon"
)

// newMountedApp returns an App with a named route that reports the URLs
// its Context builds, a Redirect route and a route that reads a value
// from the request's context.
func newMountedApp() *pylon.App {
	inner := newApp(pylon.Config{})
	inner.GET("/users/{id}", func(c *pylon.Context) error {
		u, err := c.URL("iu", "id", 9, "tab", "posts")
		if err != nil {
			return err
		}
		a, err := c.AbsoluteURL("iu", "id", 9)
		if err != nil {
			return err
		}
		return c.String(200, u+" "+a)
	}).Name("iu")
	inner.Redirect("/old/{id}", "/users/{id}", http.StatusMovedPermanently)
	inner.GET("/ctx", func(c *pylon.Context) error {
		v, _ := c.Context().Value(ctxKey{}).(string)
		return c.String(200, v)
	})
	return inner
}

type ctxKey struct{}

// A mounted App's redirects and URLs keep the mount's prefix.
func TestMountedAppKeepsPrefix(t *testing.T) {
	inner := newMountedApp()
	app := newApp(pylon.Config{})
	app.Mount("/api", inner)

	for _, tc := range []struct {
		method, target, location string
		code                     int
	}{
		{"GET", "/api/users/7/?q=1", "/api/users/7?q=1", 301},
		{"GET", "/api/users//7?q=1", "/api/users/7?q=1", 301},
		{"GET", "/api/users/./7?q=1", "/api/users/7?q=1", 301},
		{"GET", "/api/old/7?q=1", "/api/users/7?q=1", 301},
		{"POST", "/api/old/7", "/api/users/7", 301},
	} {
		w := do(t, app, tc.method, tc.target, "")
		wantStatus(t, w, tc.code)
		wantHeader(t, w, "Location", tc.location)
	}

	w := do(t, app, "GET", "/api/users/7", "")
	wantStatus(t, w, 200)
	wantBody(t, w, "/api/users/9?tab=posts http://example.com/api/users/9")

	// Outside a request the App knows no prefix.
	if u, err := inner.URL("iu", "id", 9); err != nil || u != "/users/9" {
		t.Fatalf("inner.URL = %q, %v; want /users/9", u, err)
	}
	// Served directly, the same App has none.
	wantHeader(t, do(t, inner, "GET", "/users/7/", ""), "Location", "/users/7")
	wantBody(t, do(t, inner, "GET", "/users/7", ""), "/users/9?tab=posts http://example.com/users/9")
}

// Prefixes add up: a Mount inside a Group, inside an App that is itself
// mounted, puts all three in front.
func TestNestedMountPrefixes(t *testing.T) {
	mid := newApp(pylon.Config{})
	mid.Group("/g").Mount("/api", newMountedApp())
	outer := newApp(pylon.Config{})
	outer.Mount("/v1", mid)

	wantBody(t, do(t, outer, "GET", "/v1/g/api/users/7", ""), "/v1/g/api/users/9?tab=posts http://example.com/v1/g/api/users/9")
	wantHeader(t, do(t, outer, "GET", "/v1/g/api/users/7/", ""), "Location", "/v1/g/api/users/7")
}

// The mounted request's context still carries what the request's context
// carried before the mount.
func TestMountKeepsRequestContext(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, "kept")))
		})
	})
	app.Mount("/api", newMountedApp())
	wantBody(t, do(t, app, "GET", "/api/ctx", ""), "kept")
}

// c.Redirect resolves a relative target against the path with the mount's
// prefix, and sends an absolute one as it is.
func TestMountedRedirectRelative(t *testing.T) {
	inner := newApp(pylon.Config{})
	inner.GET("/articles/{id}/save", func(c *pylon.Context) error { return c.Redirect(http.StatusSeeOther, "edit?saved=1") })
	inner.GET("/articles/{id}/up", func(c *pylon.Context) error { return c.Redirect(http.StatusSeeOther, "../") })
	inner.GET("/articles/{id}/login", func(c *pylon.Context) error { return c.Redirect(http.StatusSeeOther, "/login") })
	app := newApp(pylon.Config{})
	app.Mount("/blog", inner)

	for target, location := range map[string]string{
		"/blog/articles/3/save":  "/blog/articles/3/edit?saved=1",
		"/blog/articles/3/up":    "/blog/articles/",
		"/blog/articles/3/login": "/login",
	} {
		w := do(t, app, "GET", target, "")
		wantStatus(t, w, http.StatusSeeOther)
		wantHeader(t, w, "Location", location)
	}
	// Served directly, relative targets resolve as http.Redirect does.
	wantHeader(t, do(t, inner, "GET", "/articles/3/save", ""), "Location", "/articles/3/edit?saved=1")
}

// An error in a mounted App names the path the client asked for.
func TestMountedProblemInstance(t *testing.T) {
	inner := newApp(pylon.Config{})
	inner.GET("/items/{id}", func(c *pylon.Context) error { return pylon.NewHTTPError(http.StatusConflict, "taken") })
	app := newApp(pylon.Config{})
	app.Mount("/api", inner)
	w := do(t, app, "GET", "/api/items/4", "", "Accept", "application/problem+json")
	wantStatus(t, w, http.StatusConflict)
	wantBodyContains(t, w, `"instance":"/api/items/4"`)
}
