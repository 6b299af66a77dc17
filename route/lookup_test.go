package route_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/route"
)

var noop = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

// newRouter registers "METHOD /path" or "/path" specs.
func newRouter(t testing.TB, specs ...string) *route.Router {
	t.Helper()
	rt := &route.Router{}
	for _, s := range specs {
		method, path, ok := strings.Cut(s, " ")
		if !ok {
			method, path = "", s
		}
		if _, err := rt.Add(method, path, noop); err != nil {
			t.Fatalf("Add(%q): %v", s, err)
		}
	}
	return rt
}

// params renders ps as "k=v k=v".
func params(ps *route.Params) string {
	var b strings.Builder
	for i := 0; i < ps.Len(); i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ps.Key(i) + "=" + ps.Value(i))
	}
	return b.String()
}

func TestLookup(t *testing.T) {
	routes := []string{
		"GET /{$}",
		"GET /users",
		"POST /users",
		"GET /users/new",
		"GET /users/{id:[0-9]+}",
		"GET /users/{name}",
		"DELETE /users/{name}",
		"GET /users/{id:[0-9]+}/posts/{post}",
		"GET /users/café",
		"GET /files/{path...}",
		"GET /static/",
		"GET /static/{$}",
		"/any/{x}",
		"PUT /any/put",
		"GET /codes/{code:[A-Z]{3}}",
		"GET /codes/{code:[a-z]+}",
		"HEAD /head",
		"GET /head",
		"OPTIONS /opt",
		"GET /opt",
		"PURGE /cache",
		"GET /cache",
	}
	rt := newRouter(t, routes...)
	tests := []struct {
		method, path string
		kind         route.MatchKind
		pattern      string // Found: the route; Redirect: the Location; 405/Options: Allow
		params       string
	}{
		{"GET", "/", route.Found, "GET /{$}", ""},
		{"GET", "/users", route.Found, "GET /users", ""},
		{"POST", "/users", route.Found, "POST /users", ""},
		{"GET", "/users/new", route.Found, "GET /users/new", ""},
		{"GET", "/users/42", route.Found, "GET /users/{id:[0-9]+}", "id=42"},
		{"GET", "/users/bob", route.Found, "GET /users/{name}", "name=bob"},
		{"DELETE", "/users/42", route.Found, "DELETE /users/{name}", "name=42"},
		{"GET", "/users/42/posts/7", route.Found, "GET /users/{id:[0-9]+}/posts/{post}", "id=42 post=7"},
		{"GET", "/users/bob/posts/7", route.NotFound, "", ""},
		{"GET", "/users/caf%C3%A9", route.Found, "GET /users/café", ""},
		{"GET", "/users/café", route.Found, "GET /users/café", ""},
		{"GET", "/users/caf%C3%A8", route.Found, "GET /users/{name}", "name=cafè"},
		{"GET", "/users/a%2Fb", route.Found, "GET /users/{name}", "name=a/b"},
		{"GET", "/users/%2541", route.Found, "GET /users/{name}", "name=%41"},
		{"GET", "/users/%34%32", route.Found, "GET /users/{id:[0-9]+}", "id=42"},
		{"GET", "/users/%zz", route.BadRequest, "", ""},
		{"GET", "/users/%4", route.BadRequest, "", ""},
		{"GET", "users", route.BadRequest, "", ""},
		{"GET", "/files/", route.Found, "GET /files/{path...}", "path="},
		{"GET", "/files/a/b/c.txt", route.Found, "GET /files/{path...}", "path=a/b/c.txt"},
		{"GET", "/files/a%2Fb/c", route.Found, "GET /files/{path...}", "path=a/b/c"},
		{"GET", "/files", route.NotFound, "", ""},
		{"GET", "/static/", route.Found, "GET /static/{$}", ""},
		{"GET", "/static/css/x.css", route.Found, "GET /static/", ""},
		{"POST", "/any/put", route.Found, "/any/{x}", "x=put"},
		{"PUT", "/any/put", route.Found, "PUT /any/put", ""},
		{"PATCH", "/any/y", route.Found, "/any/{x}", "x=y"},
		{"GET", "/codes/ABC", route.Found, "GET /codes/{code:[A-Z]{3}}", "code=ABC"},
		{"GET", "/codes/abc", route.Found, "GET /codes/{code:[a-z]+}", "code=abc"},
		{"GET", "/codes/ABCD", route.NotFound, "", ""},
		{"HEAD", "/users", route.Found, "GET /users", ""},
		{"HEAD", "/head", route.Found, "HEAD /head", ""},
		{"PUT", "/users", route.MethodNotAllowed, "GET, HEAD, POST, OPTIONS", ""},
		{"PUT", "/users/42", route.MethodNotAllowed, "GET, HEAD, DELETE, OPTIONS", ""},
		{"PUT", "/cache", route.MethodNotAllowed, "GET, HEAD, OPTIONS, PURGE", ""},
		{"OPTIONS", "/users", route.Options, "GET, HEAD, POST, OPTIONS", ""},
		{"OPTIONS", "/opt", route.Found, "OPTIONS /opt", ""},
		{"GET", "/nope", route.NotFound, "", ""},
		{"GET", "/users//42", route.Redirect, "/users/42", ""},
		{"GET", "/users/./42", route.Redirect, "/users/42", ""},
		{"GET", "/users/x/../42", route.Redirect, "/users/42", ""},
		{"GET", "/users/x/%2E%2E/42", route.Redirect, "/users/42", ""},
		{"GET", "/a/..", route.Redirect, "/", ""},
		{"GET", "/static/x/./", route.Redirect, "/static/x/", ""},
		{"GET", "/users/caf%C3%A9/../caf%C3%A9", route.Redirect, "/users/caf%C3%A9", ""},
		{"POST", "/users//", route.Redirect, "/users/", ""},
		{"CONNECT", "/users//", route.NotFound, "", ""},
		{"GET", "/users/", route.NotFound, "", ""},
	}
	for _, tt := range tests {
		var ps route.Params
		m := rt.Lookup(tt.method, tt.path, &ps)
		got := ""
		switch m.Kind {
		case route.Found:
			got = m.Route.Pattern()
		case route.Redirect:
			got = m.Location
		case route.MethodNotAllowed, route.Options:
			got = m.Allow
		}
		if m.Kind != tt.kind || got != tt.pattern || params(&ps) != tt.params {
			t.Errorf("Lookup(%s %s) = %v %q %q, want %v %q %q", tt.method, tt.path, m.Kind, got, params(&ps), tt.kind, tt.pattern, tt.params)
		}
	}
}

func TestLookupRedirectCodes(t *testing.T) {
	rt := newRouter(t, "/users", "/dir/")
	rt.RedirectTrailingSlash = true
	tests := []struct {
		method, path, loc string
		code              int
	}{
		{"GET", "/users/", "/users", 301},
		{"HEAD", "/users/", "/users", 301},
		{"POST", "/users/", "/users", 308},
		{"GET", "/dir", "/dir/", 301},
		{"PUT", "/dir", "/dir/", 308},
		{"GET", "/a//b", "/a/b", 301},
		{"DELETE", "/a/./b", "/a/b", 308},
	}
	for _, tt := range tests {
		m := rt.Lookup(tt.method, tt.path, nil)
		if m.Kind != route.Redirect || m.Location != tt.loc || m.Code != tt.code {
			t.Errorf("Lookup(%s %s) = %v %q %d, want Redirect %q %d", tt.method, tt.path, m.Kind, m.Location, m.Code, tt.loc, tt.code)
		}
	}
}

func TestLookupTrailingSlashOff(t *testing.T) {
	rt := newRouter(t, "/users", "/dir/{$}")
	for _, p := range []string{"/users/", "/dir"} {
		if m := rt.Lookup("GET", p, nil); m.Kind != route.NotFound {
			t.Errorf("Lookup(GET %s) = %v, want NotFound", p, m.Kind)
		}
	}
}

func TestLookupKeepUncleanPaths(t *testing.T) {
	rt := newRouter(t, "/a/{x}/b", "/f/{rest...}")
	rt.KeepUncleanPaths = true
	tests := []struct {
		path   string
		kind   route.MatchKind
		params string
	}{
		{"/a/./b", route.Found, "x=."},
		{"/a/%2E%2E/b", route.Found, "x=.."},
		{"/a//b", route.NotFound, ""},
		{"/f//x/../y", route.Found, "rest=/x/../y"},
	}
	for _, tt := range tests {
		var ps route.Params
		m := rt.Lookup("GET", tt.path, &ps)
		if m.Kind != tt.kind || params(&ps) != tt.params {
			t.Errorf("Lookup(%s) = %v %q, want %v %q", tt.path, m.Kind, params(&ps), tt.kind, tt.params)
		}
	}
}

func TestLookupEmptyRouter(t *testing.T) {
	var rt route.Router
	if m := rt.Lookup("GET", "/", nil); m.Kind != route.NotFound {
		t.Errorf("zero Router: %v, want NotFound", m.Kind)
	}
}

func TestParamsManyValues(t *testing.T) {
	var names []string
	path, pattern := "", ""
	for i := 0; i < 12; i++ {
		n := string(rune('a' + i))
		names = append(names, n)
		pattern += "/{" + n + "}"
		path += "/v" + n
	}
	rt := newRouter(t, pattern)
	var ps route.Params
	for range 2 { // the second lookup reuses the overflow storage
		if m := rt.Lookup("GET", path, &ps); m.Kind != route.Found {
			t.Fatalf("Lookup = %v", m.Kind)
		}
		if ps.Len() != 12 {
			t.Fatalf("Len = %d, want 12", ps.Len())
		}
		for i, n := range names {
			if ps.Key(i) != n || ps.Get(n) != "v"+n {
				t.Errorf("param %d = %s=%s, want %s=v%s", i, ps.Key(i), ps.Get(n), n, n)
			}
		}
	}
	if ps.Get("zz") != "" {
		t.Error("Get of unknown name not empty")
	}
}

// TestLookupFoundAllow checks that a Found match carries the Allow header of
// its path as it stands after every route is registered, also for routes
// registered before the other methods of their path.
func TestLookupFoundAllow(t *testing.T) {
	var rt route.Router
	h := http.NotFoundHandler()
	rt.Handle("GET", "/users/{id}", h)
	rt.Handle("", "/any/{id}", h)
	rt.Handle("DELETE", "/users/{id}", h)
	rt.Handle("PUT", "/any/{id}", h)
	for _, tt := range []struct{ method, path, allow string }{
		{"GET", "/users/1", "GET, HEAD, DELETE, OPTIONS"},
		{"DELETE", "/users/1", "GET, HEAD, DELETE, OPTIONS"},
		{"POST", "/any/1", "PUT, OPTIONS"},
		{"PUT", "/any/1", "PUT, OPTIONS"},
	} {
		m := rt.Lookup(tt.method, tt.path, nil)
		if m.Kind != route.Found || m.Allow != tt.allow {
			t.Errorf("%s %s: %v Allow %q, want Found %q", tt.method, tt.path, m.Kind, m.Allow, tt.allow)
		}
	}
}

// TestLookupEscapes checks paths with percent-escapes against the same
// paths unescaped: the fast walk takes a path as it comes and must hand
// every escape it cannot prove canonical to the full walk.
func TestLookupEscapes(t *testing.T) {
	var rt route.Router
	h := http.NotFoundHandler()
	for _, p := range []string{
		"/users/{id}", "/users/admin", "/users/{id:[0-9]+}/x", "/users/{name}/x",
		"/a%2Fb/{v}", "/files/{path...}", "/static/", "/p%25q/{v}",
		"/r/a", "/r/b", "/r/c", "/r/d", "/r/e", "/r/f", "/r/g", "/r/h", "/r/hh", "/r/{v}",
	} {
		rt.Handle("GET", p, h)
	}
	for _, tt := range []struct{ path, route, params string }{
		{"/users/%61dmin", "/users/admin", ""},
		{"/users/admin", "/users/admin", ""},
		{"/users/%31%32/x", "/users/{id:[0-9]+}/x", "id=12"},
		{"/users/a%2Fb/x", "/users/{name}/x", "name=a/b"},
		{"/a%2Fb/1", "/a%2Fb/{v}", "v=1"},
		{"/a%2fb/%25", "/a%2Fb/{v}", "v=%"},
		{"/files/a%2Fb/c", "/files/{path...}", "path=a/b/c"},
		{"/static/x%20y", "/static/", ""},
		{"/p%25q/1", "/p%25q/{v}", "v=1"},
		{"/r/%68", "/r/h", ""},
		{"/r/%68h", "/r/hh", ""},
		{"/r/%69", "/r/{v}", "v=i"},
		{"/r/i", "/r/{v}", "v=i"},
		{"/r/0", "/r/{v}", "v=0"},
	} {
		var ps route.Params
		m := rt.Lookup("GET", tt.path, &ps)
		if m.Kind != route.Found || m.Route.Path != tt.route || params(&ps) != tt.params {
			t.Errorf("GET %s: %v %v %q, want %s %q", tt.path, m.Kind, m.Route, params(&ps), tt.route, tt.params)
		}
	}
	for _, p := range []string{"/users/%zz", "/users/%2", "/r/%"} {
		var ps route.Params
		if m := rt.Lookup("GET", p, &ps); m.Kind != route.BadRequest || ps.Len() != 0 {
			t.Errorf("GET %s: %v with %d params, want BadRequest with none", p, m.Kind, ps.Len())
		}
	}
}
