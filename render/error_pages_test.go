package render_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/render"
)

func errorApp(t *testing.T, debug bool) *pylon.App {
	t.Helper()
	app := pluggedApp(t, debug, &render.Renderer{})
	app.ErrorHandler = (&render.ErrorPages{}).Handle
	app.GET("/missing", func(c *pylon.Context) error { return pylon.NotFound("no such <article>") })
	app.GET("/boom", func(c *pylon.Context) error { return errors.New("secret database detail") })
	app.GET("/teapot", func(c *pylon.Context) error { return pylon.NewHTTPError(http.StatusTeapot, "") })
	// A cancellation that is not the client's (it is still there).
	app.GET("/cancelled", func(c *pylon.Context) error { return fmt.Errorf("worker: %w", context.Canceled) })
	return app
}

func TestErrorPages(t *testing.T) {
	app := errorApp(t, false)
	tests := []struct {
		name, path, accept string
		code               int
		want, not          []string
	}{
		{"404 page", "/missing", "text/html", 404, []string{"<title>Not found</title>", "<h1>404 Not Found</h1>", "no such &lt;article&gt;", "<nav>"}, nil},
		{"404 for no route", "/nowhere", "text/html", 404, []string{"<h1>404 Not Found</h1>", "/nowhere"}, nil},
		{"500 from 5xx.html", "/boom", "text/html", 500, []string{"Sorry (500)", "Internal Server Error"}, []string{"secret"}},
		{"an internal cancellation is a 500 from 5xx.html", "/cancelled", "text/html", 500, []string{"Sorry (500)"}, []string{"worker"}},
		{"405 without a page falls back", "/articles/1", "text/html", 405, []string{"405"}, []string{"<nav>"}},
		{"418 without a page falls back", "/teapot", "text/html", 418, []string{"418"}, []string{"<nav>"}},
		{"JSON clients get problem+json", "/missing", "application/json", 404, []string{`"status":404`}, []string{"<html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(tt.path, tt.accept)
			if tt.code == 405 {
				req.Method = http.MethodDelete
			}
			rec := serveReq(app, req)
			if rec.Code != tt.code {
				t.Fatalf("status %d, want %d", rec.Code, tt.code)
			}
			mustContain(t, rec.Body.String(), tt.want...)
			mustNotContain(t, rec.Body.String(), tt.not...)
			if tt.code == 405 && rec.Header().Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

func TestErrorPagesDebugKeepsDebugPage(t *testing.T) {
	app := errorApp(t, true)
	rec := get(app, "/boom", "text/html")
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	mustContain(t, rec.Body.String(), "secret database detail") // the debug page shows the error
	mustNotContain(t, rec.Body.String(), "Sorry (500)")
	// 4xx pages still come from templates in debug mode.
	mustContain(t, get(app, "/missing", "text/html").Body.String(), "<h1>404 Not Found</h1>")
}

func TestErrorPagesBrokenTemplateFallsBack(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"errors/404.html": `{{.Nope.X}}`})
	app := newApp(t, false)
	if err := app.Plug(&render.Renderer{Templates: render.Config{Dir: dir}}); err != nil {
		t.Fatal(err)
	}
	app.ErrorHandler = (&render.ErrorPages{}).Handle
	rec := get(app, "/nowhere", "text/html")
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "404") {
		t.Errorf("%d %q", rec.Code, rec.Body)
	}
}
