package route_test

import (
	"net"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/route"
)

func TestURL(t *testing.T) {
	rt := newRouter(t)
	rt.Handle("GET", "/users/{id}", noop).Name("user")
	rt.Handle("GET", "/n/{id:[0-9]+}", noop).Name("num")
	rt.Handle("GET", "/files/{path...}", noop).Name("file")
	rt.Handle("GET", "/caf%C3%A9/{$}", noop).Name("cafe")
	rt.Handle("GET", "/static/", noop).Name("static")
	type stringer struct{ s string }
	tests := []struct {
		name  string
		pairs []any
		want  string // or the error substring after "error: "
	}{
		{"user", []any{"id", 42}, "/users/42"},
		{"user", []any{"id", "bob"}, "/users/bob"},
		{"user", []any{"id", int64(-7)}, "/users/-7"},
		{"user", []any{"id", 3.5}, "/users/3.5"},
		{"user", []any{"id", stringer{"x"}}, "/users/%7Bx%7D"},
		{"user", []any{"id", "a/b c?"}, "/users/a%2Fb%20c%3F"},
		{"user", []any{"id", "café"}, "/users/caf%C3%A9"},
		{"user", []any{"id", "%41"}, "/users/%2541"},
		{"user", []any{"id", 1, "tab", "a b", "x", "&="}, "/users/1?tab=a+b&x=%26%3D"},
		{"num", []any{"id", 12}, "/n/12"},
		{"file", []any{"path", "a b/c/d.txt"}, "/files/a%20b/c/d.txt"},
		{"file", []any{"path", ""}, "/files/"},
		{"file", []any{"path", "dir/"}, "/files/dir/"},
		{"cafe", nil, "/caf%C3%A9/"},
		{"static", nil, "/static/"},
		{"nope", nil, `error: no route named "nope"`},
		{"user", []any{"id"}, `error: route "user" (GET /users/{id}): odd number of arguments`},
		{"user", []any{1, 2}, `error: argument 0 is int, want a string name`},
		{"user", nil, `error: route "user" (GET /users/{id}): missing value for {id}`},
		{"user", []any{"id", ""}, `error: value "" for {id}`},
		{"user", []any{"id", ".."}, `error: value ".." for {id}`},
		{"num", []any{"id", "x1"}, `error: route "num" (GET /n/{id:[0-9]+}): value "x1" for {id} does not match requirement [0-9]+`},
		{"file", nil, `error: missing value for {path...}`},
		{"file", []any{"path", "a//b"}, `error: value "a//b" for {path...}`},
		{"file", []any{"path", "/a"}, `error: value "/a" for {path...}`},
		{"file", []any{"path", "a/../b"}, `error: value "a/../b" for {path...}`},

		// Values that are not one string.
		{"user", []any{"id", []byte("b c")}, "/users/b%20c"},
		{"user", []any{"id", 1, "k", []byte("v")}, "/users/1?k=v"},
		{"user", []any{"id", 1, "ip", net.IPv4(192, 0, 2, 1)}, "/users/1?ip=192.0.2.1"},
		{"user", []any{"id", nil}, `error: route "user" (GET /users/{id}): nil value for {id}`},
		{"user", []any{"id", (*int)(nil)}, `error: nil value for {id}`},
		{"user", []any{"id", []string{"1"}}, `error: route "user" (GET /users/{id}): []string value for {id}: a path parameter takes one value`},
		{"user", []any{"id", []string(nil)}, `error: []string value for {id}: a path parameter takes one value`},
		{"user", []any{"id", [1]int{1}}, `error: [1]int value for {id}`},
		{"file", []any{"path", []string{"a", "b"}}, `error: []string value for {path}: a path parameter takes one value`},
		{"user", []any{"id", 1, "tab", nil}, `error: route "user" (GET /users/{id}): nil value for query parameter "tab"`},
		{"user", []any{"id", 1, "n", (*int)(nil)}, `error: nil value for query parameter "n"`},

		// Multi-valued query parameters repeat the name, in order.
		{"user", []any{"id", 1, "tag", []string{"a", "b c"}}, "/users/1?tag=a&tag=b+c"},
		{"user", []any{"x", 0, "tag", []string{"a", "b"}, "id", 1, "y", "z"}, "/users/1?x=0&tag=a&tag=b&y=z"},
		{"user", []any{"id", 1, "tag", []string{"b", "a"}, "tag", "c"}, "/users/1?tag=b&tag=a&tag=c"},
		{"user", []any{"id", 1, "n", []int{3, 4}}, "/users/1?n=3&n=4"},
		{"user", []any{"id", 1, "n", [2]int64{-1, 2}}, "/users/1?n=-1&n=2"},
		{"user", []any{"id", 1, "v", []any{1, "a&b", 2.5}}, "/users/1?v=1&v=a%26b&v=2.5"},
		{"user", []any{"id", 1, "a&b", []string{"="}}, "/users/1?a%26b=%3D"},
		{"user", []any{"id", 1, "id", []string{"2", "3"}}, "/users/1?id=2&id=3"},
		{"user", []any{"id", 1, "tag", []string{}}, "/users/1"},
		{"user", []any{"id", 1, "tag", []string(nil), "x", 1}, "/users/1?x=1"},
		{"user", []any{"id", 1, "v", []any{"a", nil}}, `error: nil value for an element of query parameter "v"`},
		{"user", []any{"id", 1, "v", []*int{nil}}, `error: nil value for an element of query parameter "v"`},
		{"user", []any{"id", 1, "v", []any{[]string{"a"}}}, `error: []string value for an element of query parameter "v": lists do not nest`},
	}
	for _, tt := range tests {
		got, err := rt.URL(tt.name, tt.pairs...)
		if want, ok := strings.CutPrefix(tt.want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("URL(%q, %v) = %q, %v; want error containing %q", tt.name, tt.pairs, got, err, want)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("URL(%q, %v) = %q, %v; want %q", tt.name, tt.pairs, got, err, tt.want)
		}
	}
}

func TestURLRoundTrip(t *testing.T) {
	rt := newRouter(t)
	r := rt.Handle("GET", "/u/{id}/f/{path...}", noop)
	for _, v := range [][2]string{{"café", "a/b c"}, {"a%2Fb", "%25/x"}, {"a/b", ""}, {"?#", "x/"}} {
		u, err := r.URL("id", v[0], "path", v[1])
		if err != nil {
			t.Fatal(err)
		}
		var ps route.Params
		m := rt.Lookup("GET", u, &ps)
		if m.Route != r || ps.Get("id") != v[0] || ps.Get("path") != v[1] {
			t.Errorf("%v: URL %q looks up to %v %q", v, u, m.Kind, params(&ps))
		}
	}
}

func TestPatternBuild(t *testing.T) {
	p, err := route.ParsePattern("/a/{x}/{rest...}")
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Build(func(name string) (string, bool) { return map[string]string{"x": "1", "rest": "b/c"}[name], true })
	if err != nil || got != "/a/1/b/c" {
		t.Errorf("Build = %q, %v", got, err)
	}
	if p.String() != "/a/{x}/{rest...}" || strings.Join(p.Names(), ",") != "x,rest" {
		t.Errorf("String/Names = %q %v", p.String(), p.Names())
	}
	if _, err := route.ParsePattern("/{"); err == nil || !strings.Contains(err.Error(), `pattern "/{"`) {
		t.Errorf("ParsePattern error = %v", err)
	}
}
