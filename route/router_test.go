package route_test

import (
	"strings"
	"testing"

	"github.com/pylonweb/pylon/route"
)

func TestAddConflicts(t *testing.T) {
	tests := []struct {
		first, second string
		want          string // substring of the error; "" means no conflict
	}{
		{"GET /a/{x}", "GET /a/{y}", "match the same requests"},
		{"/a/", "/a/{rest...}", "match the same requests"},
		{"GET /a/{x}/c", "GET /{y}/b/c", `like "/a/b/c"`},
		{"GET /a/{x}", "/a/b", "matches more methods than GET /a/{x}"},
		{"/a/{x}", "GET /a/{y}", ""},
		{"GET /a/{x}", "POST /a/{y}", ""},
		{"GET /a/{x}", "HEAD /a/b", ""},
		{"/users/{id:[0-9]+}", "/users/{name}", ""},
		{"/users/{id:[0-9]+}", "/users/{n:[0-9]+}", "match the same requests"},
		{"/users/{id:[0-9]+}", "/users/{n:[a-z]+}", ""},
		{"/users/{id:[0-9]+}", "/users/12", ""},
		{"/users/{id:[0-9]+}/x", "/{name}/12/y", ""},
		{"/users/{id:[0-9]+}/x", "/{name}/12/x", "neither is more specific"},
		{"/a/{x}/b", "/a/{y}/{z}", ""},
		{"/a/{$}", "/a/", ""},
		{"/a/{$}", "/a/{x}", ""},
		{"GET /a", "GET /a/", ""},
	}
	for _, tt := range tests {
		rt := newRouter(t, tt.first)
		method, path, ok := strings.Cut(tt.second, " ")
		if !ok {
			method, path = "", tt.second
		}
		_, err := rt.Add(method, path, noop)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s then %s: unexpected error %v", tt.first, tt.second, err)
		case tt.want != "" && err == nil:
			t.Errorf("%s then %s: no error, want conflict", tt.first, tt.second)
		case err != nil && (!strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.first) || !strings.Contains(err.Error(), tt.second)):
			t.Errorf("%s then %s: error %q should contain %q and name both patterns", tt.first, tt.second, err, tt.want)
		}
	}
}

func TestAddInvalid(t *testing.T) {
	tests := []struct{ method, pattern, want string }{
		{"GET", "", "must begin with '/'"},
		{"GET", "users", "must begin with '/'"},
		{"GET", "/a/x{id}", "bad wildcard segment"},
		{"GET", "/a/{id}x", "bad wildcard segment"},
		{"GET", "/a/{1d}", "bad wildcard name"},
		{"GET", "/a/{}", "bad wildcard name"},
		{"GET", "/a/{id}/{id}", "duplicate wildcard name"},
		{"GET", "/a/{p...}/b", "not at end"},
		{"GET", "/a/{$}/b", "{$} not at end"},
		{"GET", "/a/{p...:x}", "cannot have a requirement"},
		{"GET", "/a/{id:}", "empty requirement"},
		{"GET", "/a/{id:[0-9}", "requirement for {id}"},
		{"GET", "/a//b", "can never match"},
		{"GET", "/a/%zz", "invalid URL escape"},
		{"GET", "/a}", "contains '}'"},
		{"BAD METHOD", "/a", "invalid method"},
	}
	for _, tt := range tests {
		var rt route.Router
		_, err := rt.Add(tt.method, tt.pattern, noop)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Add(%q, %q) = %v, want error containing %q", tt.method, tt.pattern, err, tt.want)
		}
	}
	var rt route.Router
	if _, err := rt.Add("GET", "/", nil); err == nil {
		t.Error("Add with nil handler: no error")
	}
}

func TestHandlePanicsOnConflict(t *testing.T) {
	rt := newRouter(t, "GET /a/{x}")
	defer func() {
		msg, _ := recover().(error)
		if msg == nil || !strings.Contains(msg.Error(), "GET /a/{x}") || !strings.Contains(msg.Error(), "GET /a/{y}") {
			t.Errorf("panic = %v, want a conflict naming both patterns", msg)
		}
	}()
	rt.Handle("GET", "/a/{y}", noop)
}

func TestRoutesAndNames(t *testing.T) {
	var rt route.Router
	a := rt.Handle("GET", "/a", noop).Name("a")
	b := rt.Handle("", "/b/{x}", noop)
	if got := rt.Routes(); len(got) != 2 || got[0] != a || got[1] != b {
		t.Fatalf("Routes() = %v", got)
	}
	if a.Pattern() != "GET /a" || b.Pattern() != "/b/{x}" || a.Method != "GET" || a.Path != "/a" {
		t.Errorf("patterns %q %q", a.Pattern(), b.Pattern())
	}
	if rt.Route("a") != a || rt.Route("b") != nil || a.RouteName() != "a" {
		t.Error("Route by name")
	}
	a.Name("a2") // renaming frees the old name
	if rt.Route("a") != nil || rt.Route("a2") != a {
		t.Error("rename")
	}
	b.Name("a") // the freed name is available again
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), `"a2"`) {
			t.Errorf("duplicate name: recover() = %v", r)
		}
	}()
	b.Name("a2")
}
