package e2e_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/bench/e2e"
)

// sink is a ResponseWriter that keeps nothing, so that the benchmarks
// measure the handlers, not a recorder.
type sink struct {
	h    http.Header
	code int
}

func (s *sink) Header() http.Header         { return s.h }
func (s *sink) Write(b []byte) (int, error) { return len(b), nil }
func (s *sink) WriteHeader(code int)        { s.code = code }

func handlers() []struct {
	name string
	h    http.Handler
} {
	return []struct {
		name string
		h    http.Handler
	}{{"pylon", e2e.PylonApp()}, {"nethttp", e2e.Bare()}, {"pylon-nomiddleware", e2e.PylonPlain()}, {"nethttp-logger", e2e.BareLogged()}}
}

func TestSameResponses(t *testing.T) {
	for _, path := range []string{"/hello", "/json"} {
		var bodies []string
		for _, h := range handlers() {
			w := httptest.NewRecorder()
			h.h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
			if w.Code != http.StatusOK {
				t.Fatalf("%s %s: %d", h.name, path, w.Code)
			}
			bodies = append(bodies, strings.TrimSpace(w.Body.String()))
		}
		for _, b := range bodies[1:] {
			if b != bodies[0] {
				t.Errorf("%s: %q vs %q", path, bodies[0], b)
			}
		}
	}
}

func benchmark(b *testing.B, path string) {
	for _, h := range handlers() {
		b.Run(h.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", path, nil)
			w := &sink{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				delete(r.Header, "X-Request-Id")
				h.h.ServeHTTP(w, r)
			}
			if w.code != 0 && w.code != http.StatusOK {
				b.Fatalf("status %d", w.code)
			}
		})
	}
}

func BenchmarkHello(b *testing.B) { benchmark(b, "/hello") }

func BenchmarkJSON(b *testing.B) { benchmark(b, "/json") }
