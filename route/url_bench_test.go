package route_test

import (
	"net/http"
	"testing"

	"github.com/pylonweb/pylon/route"
)

// BenchmarkURL builds a URL from a route with one path parameter, with
// and without a query parameter.
func BenchmarkURL(b *testing.B) {
	var rt route.Router
	r := rt.Handle("GET", "/users/{id}", http.NotFoundHandler())
	for _, bc := range []struct {
		name  string
		pairs []any
	}{{"path", []any{"id", "42"}}, {"query", []any{"id", "42", "tab", "posts"}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.URL(bc.pairs...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
