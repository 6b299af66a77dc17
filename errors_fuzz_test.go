package pylon_test

import (
	"net/http/httptest"
	"testing"

	"github.com/pylonweb/pylon"
)

// FuzzErrorAccept sends an error through DefaultErrorHandler with any
// Accept header: the status is the error's and the body one of the three
// formats, never a panic or an empty answer.
func FuzzErrorAccept(f *testing.F) {
	for _, s := range []string{"", "application/json", "text/html,*/*;q=0.8", "text/plain", "image/png", "*/*;q=0", "text/html;Q=0.5, application/*;Q=0.1"} {
		f.Add(s)
	}
	app := newApp(pylon.Config{})
	app.GET("/e", func(c *pylon.Context) error { return pylon.NewHTTPError(409, "already taken") })
	types := map[string]bool{"application/problem+json": true, "text/html; charset=utf-8": true, "text/plain; charset=utf-8": true}
	f.Fuzz(func(t *testing.T, accept string) {
		r := httptest.NewRequest("GET", "/e", nil)
		r.Header["Accept"] = []string{accept}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		if w.Code != 409 || !types[w.Header().Get("Content-Type")] || w.Body.Len() == 0 {
			t.Fatalf("Accept %q: status %d, Content-Type %q, body %q", accept, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
	})
}
