package pylon_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// A body that a middleware replaced after the limit was first applied (a
// decompressing middleware, say) is limited in turn.
func TestReplacedBodyIsLimitedToo(t *testing.T) {
	app := newApp(pylon.Config{MaxBodyBytes: 16})
	app.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			c.FormValue("x") // limits the (empty) body
			return next(c)
		}
	})
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(`{"name":"` + strings.Repeat("a", 64) + `"}`))
			r.Header.Set("Content-Type", "application/json")
			next.ServeHTTP(w, r)
		})
	})
	app.POST("/", func(c *pylon.Context) error {
		var v struct{ Name string }
		if err := c.ReadJSON(&v); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	w := do(t, app, "POST", "/", "")
	wantStatus(t, w, http.StatusRequestEntityTooLarge)
}
