package route_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/route"
)

// benchRoute is one line of a route file and the request path that hits it.
type benchRoute struct {
	method, pattern, path string
}

var wildcard = regexp.MustCompile(`\{([^}.]+)(\.\.\.)?\}`)

// loadRoutes reads "METHOD /pattern" lines; the request path fills each
// {name} with the name itself, as the standard Go router benchmarks do.
func loadRoutes(tb testing.TB, file string) []benchRoute {
	tb.Helper()
	f, err := os.Open(file)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var routes []benchRoute
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		method, pattern, _ := strings.Cut(line, " ")
		routes = append(routes, benchRoute{method, pattern, wildcard.ReplaceAllString(pattern, "$1")})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return routes
}

var benchSets = []struct{ name, file string }{
	{"GitHub", "testdata/github-api-routes.txt"},
	{"Static", "testdata/static-routes.txt"},
	{"Params", "testdata/param-routes.txt"},
}

func benchRouter(tb testing.TB, routes []benchRoute) *route.Router {
	return benchRouterOf(routes, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
}

func benchRouterOf(routes []benchRoute, h http.Handler) *route.Router {
	var rt route.Router
	for _, r := range routes {
		rt.Handle(r.method, r.pattern, h)
	}
	return &rt
}

// TestBenchSets checks that every benchmark request finds its own route
// without allocating.
func TestBenchSets(t *testing.T) {
	for _, set := range benchSets {
		routes := loadRoutes(t, set.file)
		rt := benchRouter(t, routes)
		var ps route.Params
		for _, r := range routes {
			m := rt.Lookup(r.method, r.path, &ps)
			if m.Kind != route.Found || m.Route.Path != r.pattern || m.Route.Method != r.method {
				t.Errorf("%s: %s %s found %v %v", set.name, r.method, r.path, m.Kind, m.Route)
			}
		}
		allocs := testing.AllocsPerRun(10, func() {
			for _, r := range routes {
				rt.Lookup(r.method, r.path, &ps)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocs per pass, want 0", set.name, allocs)
		}
	}
}

// BenchmarkLookup looks up every route of a set once per iteration.
func BenchmarkLookup(b *testing.B) {
	for _, set := range benchSets {
		b.Run(set.name, func(b *testing.B) {
			routes := loadRoutes(b, set.file)
			rt := benchRouter(b, routes)
			var ps route.Params
			b.ReportAllocs()
			for b.Loop() {
				for _, r := range routes {
					rt.Lookup(r.method, r.path, &ps)
				}
			}
		})
	}
}

// BenchmarkServeHTTP serves every route of a set once per iteration. Each
// request is served from a fresh copy of its template, as a server would
// hand it over, so the map that http.Request.SetPathValue allocates for
// routes with parameters is counted. The ParamsFunc rows serve the same
// routes with handlers that take their parameters from the Router.
func BenchmarkServeHTTP(b *testing.B) {
	handlers := []struct {
		name string
		h    http.Handler
	}{
		{"", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})},
		{"ParamsFunc/", route.ParamsFunc(func(w http.ResponseWriter, r *http.Request, ps *route.Params) {})},
	}
	for _, set := range benchSets {
		for _, h := range handlers {
			b.Run(h.name+set.name, func(b *testing.B) { benchServe(b, set.file, h.h) })
		}
	}
}

func benchServe(b *testing.B, file string, h http.Handler) {
	routes := loadRoutes(b, file)
	rt := benchRouterOf(routes, h)
	tmpls := make([]*http.Request, len(routes))
	reqs := make([]*http.Request, len(routes))
	for i, r := range routes {
		tmpls[i] = httptest.NewRequest(r.method, r.path, nil)
		reqs[i] = new(http.Request)
	}
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		for i, r := range reqs {
			*r = *tmpls[i]
			rt.ServeHTTP(w, r)
		}
	}
}
