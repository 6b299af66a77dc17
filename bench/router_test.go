package bench

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/julienschmidt/httprouter"
	"github.com/labstack/echo/v4"
	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/route"
)

// sink keeps parameter reads from being optimized away.
var sink int

// A router under test: build registers the routes with handlers that read
// every parameter by name and call hit(i) (nil in benchmarks). It returns
// the handler and the indexes of routes the router refused.
type router struct {
	name  string
	build func(routes []Route, hit func(int)) (http.Handler, []int)
}

// register calls add for each route, turning a panic into a skipped route.
func register(routes []Route, add func(i int, r Route)) (skipped []int) {
	for i, r := range routes {
		func() {
			defer func() {
				if recover() != nil {
					skipped = append(skipped, i)
				}
			}()
			add(i, r)
		}()
	}
	return skipped
}

func call(hit func(int), i int) {
	if hit != nil {
		hit(i)
	}
}

var routers = []router{
	{"ServeMux", func(routes []Route, hit func(int)) (http.Handler, []int) {
		mux := http.NewServeMux()
		return mux, register(routes, func(i int, r Route) {
			mux.HandleFunc(r.Method+" "+r.Pattern, func(w http.ResponseWriter, req *http.Request) {
				for _, n := range r.Names {
					sink += len(req.PathValue(n))
				}
				call(hit, i)
			})
		})
	}},
	{"Pylon", func(routes []Route, hit func(int)) (http.Handler, []int) {
		rt := &route.Router{}
		return rt, register(routes, func(i int, r Route) {
			rt.HandleFunc(r.Method, r.Pattern, func(w http.ResponseWriter, req *http.Request) {
				for _, n := range r.Names {
					sink += len(req.PathValue(n))
				}
				call(hit, i)
			})
		})
	}},
	// Pylon's route.Router with handlers that take their parameters from
	// the Router (route.ParamsFunc), as httprouter's, echo's and gin's do:
	// the Router then sets r.Pattern but not the path values.
	{"Pylon-ParamsFunc", func(routes []Route, hit func(int)) (http.Handler, []int) {
		rt := &route.Router{}
		return rt, register(routes, func(i int, r Route) {
			rt.Handle(r.Method, r.Pattern, route.ParamsFunc(func(w http.ResponseWriter, req *http.Request, ps *route.Params) {
				for _, n := range r.Names {
					sink += len(ps.Get(n))
				}
				call(hit, i)
			}))
		})
	}},
	// The full pylon.App: Context pool, middleware chain (empty), error
	// handling, r.Pattern and r.SetPathValue, as applications use it.
	{"Pylon-App", func(routes []Route, hit func(int)) (http.Handler, []int) {
		return pylonApp(routes, hit, pylon.Config{})
	}},
	// The App with Config.SkipPathValues: parameters only through c.Param,
	// as gin and echo offer them.
	{"Pylon-App-NoPathValues", func(routes []Route, hit func(int)) (http.Handler, []int) {
		return pylonApp(routes, hit, pylon.Config{SkipPathValues: true})
	}},
	{"httprouter", func(routes []Route, hit func(int)) (http.Handler, []int) {
		hr := httprouter.New()
		return hr, register(routes, func(i int, r Route) {
			hr.Handle(r.Method, Colon(r.Pattern), func(w http.ResponseWriter, req *http.Request, ps httprouter.Params) {
				for _, n := range r.Names {
					sink += len(ps.ByName(n))
				}
				call(hit, i)
			})
		})
	}},
	{"chi", func(routes []Route, hit func(int)) (http.Handler, []int) {
		cr := chi.NewRouter()
		return cr, register(routes, func(i int, r Route) {
			cr.MethodFunc(r.Method, r.Pattern, func(w http.ResponseWriter, req *http.Request) {
				for _, n := range r.Names {
					sink += len(chi.URLParam(req, n))
				}
				call(hit, i)
			})
		})
	}},
	{"echo", func(routes []Route, hit func(int)) (http.Handler, []int) {
		e := echo.New()
		return e, register(routes, func(i int, r Route) {
			e.Add(r.Method, Colon(r.Pattern), func(c echo.Context) error {
				for _, n := range r.Names {
					sink += len(c.Param(n))
				}
				call(hit, i)
				return nil
			})
		})
	}},
	{"gin", func(routes []Route, hit func(int)) (http.Handler, []int) {
		gin.SetMode(gin.ReleaseMode)
		g := gin.New()
		return g, register(routes, func(i int, r Route) {
			g.Handle(r.Method, Colon(r.Pattern), func(c *gin.Context) {
				for _, n := range r.Names {
					sink += len(c.Param(n))
				}
				call(hit, i)
			})
		})
	}},
}

func pylonApp(routes []Route, hit func(int), cfg pylon.Config) (http.Handler, []int) {
	app := pylon.New(cfg)
	app.Router().RedirectTrailingSlash = false
	return app, register(routes, func(i int, r Route) {
		app.Method(r.Method, r.Pattern, func(c *pylon.Context) error {
			for _, n := range r.Names {
				sink += len(c.Param(n))
			}
			call(hit, i)
			return nil
		})
	})
}

// discard is a ResponseWriter that keeps nothing, so the benchmarks measure
// routing rather than response recording.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

func load(tb testing.TB, file string) []Route {
	tb.Helper()
	routes, err := Load(file)
	if err != nil {
		tb.Fatal(err)
	}
	return routes
}

// TestRouters checks that every router sends every request of every set to
// the handler of its own route, and lists the routes each router refused.
func TestRouters(t *testing.T) {
	for _, set := range Sets {
		routes := load(t, set.File)
		for _, rr := range routers {
			got := -1
			h, skipped := rr.build(routes, func(i int) { got = i })
			if len(skipped) > 0 {
				var names []string
				for _, i := range skipped {
					names = append(names, routes[i].Method+" "+routes[i].Pattern)
				}
				t.Logf("%s/%s: skipped %d conflicting routes: %s", set.Name, rr.name, len(skipped), strings.Join(names, "; "))
			}
			for i, r := range routes {
				if contains(skipped, i) {
					continue
				}
				got = -1
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(r.Method, r.Path, nil))
				if got != i {
					t.Errorf("%s/%s: %s %s reached route %d (code %d), want %d", set.Name, rr.name, r.Method, r.Path, got, w.Code, i)
				}
			}
		}
	}
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// BenchmarkServeHTTP serves every request of a set once per iteration. Each
// request is a fresh copy of a prepared one, as a server would hand over, so
// per-request allocations (such as SetPathValue's map) are counted.
func BenchmarkServeHTTP(b *testing.B) {
	for _, set := range Sets {
		routes := load(b, set.File)
		for _, rr := range routers {
			b.Run(set.Name+"/"+rr.name, func(b *testing.B) {
				h, skipped := rr.build(routes, nil)
				var tmpls, reqs []*http.Request
				for i, r := range routes {
					if !contains(skipped, i) {
						tmpls = append(tmpls, httptest.NewRequest(r.Method, r.Path, nil))
						reqs = append(reqs, new(http.Request))
					}
				}
				w := &discard{h: http.Header{}}
				b.ReportAllocs()
				for b.Loop() {
					for i, r := range reqs {
						*r = *tmpls[i]
						h.ServeHTTP(w, r)
					}
				}
			})
		}
	}
}

// BenchmarkLookup measures matching alone, where a router exposes it.
func BenchmarkLookup(b *testing.B) {
	for _, set := range Sets {
		routes := load(b, set.File)
		b.Run(set.Name+"/Pylon", func(b *testing.B) {
			var rt route.Router
			for _, r := range routes {
				rt.Handle(r.Method, r.Pattern, http.NotFoundHandler())
			}
			var ps route.Params
			b.ReportAllocs()
			for b.Loop() {
				for _, r := range routes {
					if m := rt.Lookup(r.Method, r.Path, &ps); m.Kind != route.Found {
						b.Fatal(m.Kind)
					}
				}
			}
		})
		b.Run(set.Name+"/httprouter", func(b *testing.B) {
			hr := httprouter.New()
			for _, r := range routes {
				hr.Handle(r.Method, Colon(r.Pattern), func(http.ResponseWriter, *http.Request, httprouter.Params) {})
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, r := range routes {
					if h, _, _ := hr.Lookup(r.Method, r.Path); h == nil {
						b.Fatal("not found")
					}
				}
			}
		})
		b.Run(set.Name+"/echo", func(b *testing.B) {
			e := echo.New()
			for _, r := range routes {
				e.Add(r.Method, Colon(r.Pattern), func(echo.Context) error { return nil })
			}
			c := e.NewContext(nil, nil)
			b.ReportAllocs()
			for b.Loop() {
				for _, r := range routes {
					e.Router().Find(r.Method, r.Path, c)
				}
			}
		})
	}
}

func Example_colon() {
	fmt.Println(Colon("/repos/{owner}/{repo}/contents/{path...}"))
	// Output: /repos/:owner/:repo/contents/*path
}
