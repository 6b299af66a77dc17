package pylon_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pylonweb/pylon"
)

// discardWriter is a reusable ResponseWriter, so that benchmarks count only
// what the App allocates.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header               { return w.h }
func (w *discardWriter) Write(b []byte) (int, error)       { return len(b), nil }
func (w *discardWriter) WriteHeader(code int)              { w.code = code }
func (w *discardWriter) WriteString(s string) (int, error) { return len(s), nil }

func benchServe(b *testing.B, app http.Handler, target string) {
	b.Helper()
	r := httptest.NewRequest("GET", target, nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		r.Pattern = ""
		app.ServeHTTP(w, r)
	}
	if w.code != 200 && w.code != 0 {
		b.Fatalf("status %d", w.code)
	}
}

func BenchmarkAppStatic(b *testing.B) {
	app := newApp(pylon.Config{})
	app.GET("/hello", func(c *pylon.Context) error { return c.String(200, "Hello, World!") })
	benchServe(b, app, "/hello")
}

func BenchmarkAppParam(b *testing.B) {
	app := newApp(pylon.Config{})
	app.GET("/users/{id}", func(c *pylon.Context) error { return c.String(200, c.Param("id")) })
	benchServe(b, app, "/users/42")
}

func BenchmarkAppMiddlewareChain(b *testing.B) {
	app := newApp(pylon.Config{})
	pass := func(next pylon.Handler) pylon.Handler { return func(c *pylon.Context) error { return next(c) } }
	std := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(w, r) })
	}
	app.UseContext(pass, pass)
	app.Use(std, std)
	app.UseContext(pass)
	g := app.Group("/api", std)
	g.UseContext(pass)
	g.GET("/hello", func(c *pylon.Context) error { return c.String(200, "Hello, World!") })
	benchServe(b, app, "/api/hello")
}

func BenchmarkAppJSON(b *testing.B) {
	app := newApp(pylon.Config{})
	type msg struct {
		Message string `json:"message"`
	}
	app.GET("/json", func(c *pylon.Context) error { return c.JSON(200, msg{"Hello, World!"}) })
	benchServe(b, app, "/json")
}

func BenchmarkAppNotFound(b *testing.B) {
	app := newApp(pylon.Config{})
	app.GET("/hello", func(c *pylon.Context) error { return nil })
	r := httptest.NewRequest("GET", "/nope", nil)
	r.Header.Set("Accept", "text/plain")
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		app.ServeHTTP(w, r)
	}
}
