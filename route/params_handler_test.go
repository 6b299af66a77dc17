package route_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pylonweb/pylon/route"
)

// showParams writes the pattern, every parameter and what r.PathValue says
// of the first one.
func showParams(w http.ResponseWriter, r *http.Request, ps *route.Params) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s |", r.Pattern)
	for i := range ps.Len() {
		fmt.Fprintf(&b, " %s=%s", ps.Key(i), ps.Value(i))
	}
	if ps.Len() > 0 {
		fmt.Fprintf(&b, " | PathValue=%q", r.PathValue(ps.Key(0)))
	}
	w.Write([]byte(b.String()))
}

func TestParamsHandler(t *testing.T) {
	var rt route.Router
	rt.Handle("GET", "/users/{id}/posts/{post}", route.ParamsFunc(showParams))
	rt.Handle("GET", "/files/{path...}", route.ParamsFunc(showParams))
	rt.Handle("GET", "/static", route.ParamsFunc(showParams))
	// Middleware makes the route a plain handler: the Router sets the path
	// values, and ParamsFunc reads them back.
	wrap := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) })
	}
	rt.Handle("GET", "/wrapped/{a}/{b}", wrap(route.ParamsFunc(showParams)))
	for _, tc := range []struct{ target, want string }{
		{"/users/42/posts/a%2Fb", `GET /users/{id}/posts/{post} | id=42 post=a/b | PathValue=""`},
		{"/files/docs/caf%C3%A9.txt", `GET /files/{path...} | path=docs/café.txt | PathValue=""`},
		{"/static", `GET /static |`},
		{"/wrapped/x/y%20z", `GET /wrapped/{a}/{b} | a=x b=y z | PathValue="x"`},
	} {
		w := httptest.NewRecorder()
		rt.ServeHTTP(w, httptest.NewRequest("GET", tc.target, nil))
		if w.Code != 200 || w.Body.String() != tc.want {
			t.Errorf("GET %s: %d %q, want 200 %q", tc.target, w.Code, w.Body, tc.want)
		}
	}
	// The rest of dispatch is unchanged: 405 with Allow, 404.
	w := httptest.NewRecorder()
	rt.ServeHTTP(w, httptest.NewRequest("POST", "/users/1/posts/2", nil))
	if w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD, OPTIONS" {
		t.Errorf("POST: %d Allow %q, want 405 with Allow", w.Code, w.Header().Get("Allow"))
	}
}

// A ParamsFunc called without a Router or a pattern gets no parameters,
// not a crash.
func TestParamsFuncOutsideRouter(t *testing.T) {
	for _, pattern := range []string{"", "GET /{bad", "/a/{x}"} {
		r := httptest.NewRequest("GET", "/a/1", nil)
		r.Pattern = pattern
		n := -1
		route.ParamsFunc(func(w http.ResponseWriter, r *http.Request, ps *route.Params) {
			n = ps.Len()
			_ = ps.Get("x")
		}).ServeHTTP(httptest.NewRecorder(), r)
		want := 0
		if pattern == "/a/{x}" {
			want = 1 // the name, with the empty value r.PathValue has
		}
		if n != want {
			t.Errorf("pattern %q: %d params, want %d", pattern, n, want)
		}
	}
}

// Serving a ParamsHandler allocates nothing: the Params are pooled and
// r.SetPathValue's map is never made.
func TestParamsHandlerAllocs(t *testing.T) {
	var rt route.Router
	var got string
	rt.Handle("GET", "/users/{id}/posts/{post}", route.ParamsFunc(func(w http.ResponseWriter, r *http.Request, ps *route.Params) {
		got = ps.Get("post")
	}))
	tmpl := httptest.NewRequest("GET", "/users/42/posts/7", nil)
	r := new(http.Request)
	w := httptest.NewRecorder()
	allocs := testing.AllocsPerRun(100, func() {
		*r = *tmpl
		rt.ServeHTTP(w, r)
	})
	if allocs != 0 || got != "7" {
		t.Errorf("%v allocs per request, post=%q; want 0 and 7", allocs, got)
	}
}

// Concurrent requests never see each other's parameters, though the
// Params are reused.
func TestParamsHandlerConcurrent(t *testing.T) {
	var rt route.Router
	rt.Handle("GET", "/n/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}", route.ParamsFunc(func(w http.ResponseWriter, r *http.Request, ps *route.Params) {
		for i := range ps.Len() {
			w.Write([]byte(ps.Value(i)))
		}
	}))
	var wg sync.WaitGroup
	for n := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := fmt.Sprint(n)
			want := strings.Repeat(d, 10)
			for range 200 {
				w := httptest.NewRecorder()
				rt.ServeHTTP(w, httptest.NewRequest("GET", "/n"+strings.Repeat("/"+d, 10), nil))
				if w.Body.String() != want {
					t.Errorf("got %q, want %q", w.Body, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}
