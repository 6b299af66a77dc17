package pylon_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
)

// TestMiddlewareInsideAppShareItsRecorder puts the middleware package's
// Logger and Recover inside an App, between Pylon middleware and the
// handler. They read the App's record of the response instead of wrapping
// the writer again, and the handler still gets the Context the Pylon
// middleware set up.
func TestMiddlewareInsideAppShareItsRecorder(t *testing.T) {
	var logs bytes.Buffer
	app := newApp(pylon.Config{})
	app.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			c.Set("user", "ada")
			return next(c)
		}
	})
	app.Use(middleware.Logger(slog.New(slog.NewTextHandler(&logs, nil))), middleware.Recover)
	app.GET("/hello", func(c *pylon.Context) error {
		user, _ := c.Get("user")
		return c.String(http.StatusCreated, "hello "+user.(string))
	})
	app.GET("/panic", func(c *pylon.Context) error { panic("boom") })

	wantBody(t, do(t, app, "GET", "/hello", ""), "hello ada")
	if line := logs.String(); !strings.Contains(line, "status=201") || !strings.Contains(line, "bytes=9") {
		t.Errorf("log line %q, want status=201 and bytes=9", line)
	}
	logs.Reset()
	if w := do(t, app, "GET", "/panic", ""); w.Code != http.StatusInternalServerError {
		t.Errorf("GET /panic = %d, want 500", w.Code)
	}
	if line := logs.String(); !strings.Contains(line, "status=500") {
		t.Errorf("log line %q, want status=500", line)
	}
}
