package route

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzLookup registers fuzzed patterns (one "METHOD /path" or "/path" a
// line, requirements allowed) and checks Lookup on a fuzzed path against a
// brute-force reference: each route matched on its own against the decoded
// segments, and the winner checked against ServeMux's specificity relation.
func FuzzLookup(f *testing.F) {
	f.Add("GET /users/{id:[0-9]+}\nGET /users/{name}\nGET /users/new\nPOST /users", "GET", "/users/42")
	f.Add("/files/{path...}\n/files/{$}\nGET /files/a", "HEAD", "/files/a%2Fb/c")
	f.Add("/a/{x}/b\n/a/{y:[a-z]}/{z}\n/{p...}", "PUT", "/a/%2541/b")
	f.Add("GET /static/\nGET /static/{$}\nDELETE /static/x", "DELETE", "/static/x/y")
	f.Add("/c/{x:caf.}\n/c/café", "GET", "/c/caf%C3%A9")
	f.Add("/{a}/{b}/{c}\n/x/{b}/y", "OPTIONS", "/x/./y")
	f.Fuzz(func(t *testing.T, patterns, method, path string) {
		rt := &Router{}
		for _, line := range strings.Split(patterns, "\n") {
			m, p, ok := strings.Cut(line, " ")
			if !ok {
				m, p = "", line
			}
			rt.Add(m, p, http.NotFoundHandler()) // errors are fine; panics are not
		}
		if method == "" || !validMethod(method) {
			return
		}
		var ps Params
		got := rt.Lookup(method, path, &ps)

		segs, err := refSegments(path)
		switch {
		case err != nil:
			if got.Kind != BadRequest {
				t.Fatalf("%s %q: %v, want BadRequest (%v)", method, path, got.Kind, err)
			}
			return
		case got.Kind == BadRequest:
			t.Fatalf("%s %q: BadRequest for a valid path", method, path)
		}
		if refUnclean(segs) && method != "CONNECT" {
			if got.Kind != Redirect {
				t.Fatalf("%s %q: %v, want Redirect for an unclean path", method, path, got.Kind)
			}
			return
		}
		var best *Route
		var bestParams []string
		pathMatched := false
		for _, r := range rt.routes {
			vals, ok := refMatch(r.parsed, segs)
			if !ok {
				continue
			}
			pathMatched = true
			if compareMethods(r.Method, method) == disjoint && !(method == "HEAD" && r.Method == "GET") {
				continue
			}
			if best == nil || combine(methodRel(r.Method, best.Method, method), comparePaths(r.parsed, best.parsed)) == moreSpecific {
				best, bestParams = r, vals
			}
		}
		switch {
		case best != nil:
			if got.Kind != Found || got.Route != best {
				t.Fatalf("%s %q: got %v %v, want Found %s", method, path, got.Kind, got.Route, best.pattern)
			}
			if ps.Len() != len(bestParams) {
				t.Fatalf("%s %q: %d params, want %q", method, path, ps.Len(), bestParams)
			}
			for i, v := range bestParams {
				if ps.Value(i) != v || ps.Key(i) != best.parsed.names[i] {
					t.Fatalf("%s %q: param %d = %s=%q, want %q", method, path, i, ps.Key(i), ps.Value(i), v)
				}
			}
		case pathMatched:
			if got.Kind != MethodNotAllowed && got.Kind != Options {
				t.Fatalf("%s %q: %v, want MethodNotAllowed or Options", method, path, got.Kind)
			}
		default:
			if got.Kind != NotFound {
				t.Fatalf("%s %q: %v %v, want NotFound", method, path, got.Kind, got.Route)
			}
		}
	})
}

// methodRel compares how specifically two route methods serve method:
// an exact method beats GET serving HEAD, which beats any method.
func methodRel(m1, m2, method string) relationship {
	score := func(m string) int {
		switch m {
		case method:
			return 0
		case "":
			return 2
		}
		return 1
	}
	switch s1, s2 := score(m1), score(m2); {
	case s1 < s2:
		return moreSpecific
	case s1 > s2:
		return moreGeneral
	}
	return equivalent
}

// refSegments splits an escaped path and decodes each segment on its own.
func refSegments(path string) ([]string, error) {
	if path == "" || path[0] != '/' {
		return nil, url.EscapeError("no leading slash")
	}
	segs := strings.Split(path[1:], "/")
	for i, s := range segs {
		d, err := url.PathUnescape(s)
		if err != nil {
			return nil, err
		}
		segs[i] = d
	}
	return segs, nil
}

func refUnclean(segs []string) bool {
	for i, s := range segs {
		if s == "." || s == ".." || (s == "" && i < len(segs)-1) {
			return true
		}
	}
	return false
}

// refMatch matches a pattern against decoded segments, one route alone.
func refMatch(p *Pattern, segs []string) ([]string, bool) {
	var vals []string
	for i, s := range p.segments {
		if s.kind == multi {
			if i >= len(segs) {
				return nil, false
			}
			if s.s != "" {
				vals = append(vals, strings.Join(segs[i:], "/"))
			}
			return vals, true
		}
		if i >= len(segs) {
			return nil, false
		}
		seg := segs[i]
		switch s.kind {
		case literal:
			if seg != s.s {
				return nil, false
			}
		case endSlash:
			if seg != "" || i != len(segs)-1 {
				return nil, false
			}
		case wild, wildRe:
			if seg == "" || (s.re != nil && !s.re.MatchString(seg)) {
				return nil, false
			}
			vals = append(vals, seg)
		}
	}
	return vals, len(segs) == len(p.segments)
}

// FuzzURL checks that a built URL looks up to the same route and values.
func FuzzURL(f *testing.F) {
	f.Add("42", "a/b/c", "x")
	f.Add("café", "", "a b")
	f.Add("%2541", "d%2F/e/", "&=?")
	f.Add("a/b", "..x/.y", "")
	f.Fuzz(func(t *testing.T, id, rest, q string) {
		rt := &Router{}
		r1 := rt.Handle("GET", "/u/{id}/f/{rest...}", http.NotFoundHandler())
		r2 := rt.Handle("GET", "/n/{id:[0-9a-f]+}", http.NotFoundHandler())
		for _, tc := range []struct {
			r     *Route
			pairs []any
			want  map[string]string
		}{
			{r1, []any{"id", id, "rest", rest, "q", q}, map[string]string{"id": id, "rest": rest}},
			{r2, []any{"id", id}, map[string]string{"id": id}},
		} {
			u, err := tc.r.URL(tc.pairs...)
			if err != nil {
				continue // a value that cannot round trip is refused, which is fine
			}
			pathPart, query, _ := strings.Cut(u, "?")
			var ps Params
			m := rt.Lookup("GET", pathPart, &ps)
			if m.Kind != Found || m.Route != tc.r {
				t.Fatalf("URL %q from %q: Lookup = %v %v", u, tc.pairs, m.Kind, m.Route)
			}
			for k, v := range tc.want {
				if ps.Get(k) != v {
					t.Fatalf("URL %q: %s = %q, want %q", u, k, ps.Get(k), v)
				}
			}
			if tc.r == r1 {
				vals, err := url.ParseQuery(query)
				if err != nil || vals.Get("q") != q {
					t.Fatalf("URL %q: query q = %q (%v), want %q", u, vals.Get("q"), err, q)
				}
			}
		}
	})
}
