package route_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/route"
)

// FuzzServeMux serves fuzzed requests through net/http.ServeMux and a Router
// holding the same fuzzed patterns (without requirements, which ServeMux
// lacks) and checks that they agree: the same registrations are refused, the
// same route answers with the same values, 405s list the same methods.
// Known, documented differences are allowed: the Router redirects paths with
// %2E segments and removes trailing slashes, redirects with 301/308, and
// gives 404 where ServeMux's 405 comes from the path with a slash added.
func FuzzServeMux(f *testing.F) {
	f.Add("GET /users/{id}\nGET /users/new\nPOST /users/{id}", "GET", "/users/new")
	f.Add("/files/{path...}\n/files/{$}\nGET /files/a\n/", "HEAD", "/files/a%2Fb/c")
	f.Add("/a/{x}/b\n/{p...}\nGET /a/{x}/c", "PUT", "/a/%2541/b")
	f.Add("GET /static/\nGET /static/{$}\nDELETE /static/x", "DELETE", "/static")
	f.Add("/a/{x}\n/{y}/b", "GET", "/a//b")
	f.Fuzz(func(t *testing.T, patterns, method, path string) {
		mux := http.NewServeMux()
		rt := &route.Router{RedirectTrailingSlash: true}
		for _, line := range strings.Split(patterns, "\n") {
			m, p, ok := strings.Cut(line, " ")
			if !ok {
				m, p = "", line
			}
			if strings.ContainsAny(line, ":\t") || strings.Contains(p, " ") {
				continue // requirements; spacing ServeMux reads differently
			}
			if _, err := route.ParsePattern(p); err != nil {
				continue // a syntax the Router refuses (see TestAddInvalid)
			}
			muxErr := register(mux, line, func(w http.ResponseWriter, r *http.Request) { echoParams(w, r, p) })
			_, err := rt.Add(m, p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { echoParams(w, r, p) }))
			if muxErr != nil {
				if err == nil {
					t.Fatalf("%q: ServeMux refuses it (%v); Router accepts it", line, muxErr)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%q: ServeMux accepts it; Router: %v", line, err)
			}
		}
		u, err := url.ParseRequestURI(path)
		if err != nil || u.Path == "" || u.Path[0] != '/' || u.Host != "" || u.RawQuery != "" || u.Fragment != "" || !validToken(method) {
			return
		}
		req := &http.Request{Method: method, URL: u, Host: "example.com", Header: http.Header{}}
		want := httptest.NewRecorder()
		mux.ServeHTTP(want, req.Clone(req.Context()))
		got := httptest.NewRecorder()
		rt.ServeHTTP(got, req.Clone(req.Context()))

		dotSegment := strings.Contains(strings.ToUpper(path), "%2E")
		switch {
		case got.Code == want.Code && (got.Code != 200 || got.Body.String() == want.Body.String()):
			// ServeMux's 405 also counts the methods of the path with a slash added.
			allow := got.Header().Get("Allow")
			if alt := rt.Lookup(method, u.EscapedPath()+"/", nil); alt.Kind == route.MethodNotAllowed {
				allow += ", " + alt.Allow
			}
			if got.Code == 405 && !sameMethods(allow, want.Header().Get("Allow")) {
				t.Fatalf("%s %s: Allow %q, ServeMux %q", method, path, got.Header().Get("Allow"), want.Header().Get("Allow"))
			}
		case want.Code == 307 && (got.Code == 301 || got.Code == 308):
			// ServeMux escapes its cleaned, already escaped path again ("%20"
			// becomes "%2520"), so allow for one extra level.
			// When the cleaned path ends in a slash that no route wants, the
			// Router goes straight to the path without it (the documented
			// trailing-slash difference); ServeMux stops at the cleaned path.
			gl, wl := unescape(got.Header().Get("Location")), unescape(want.Header().Get("Location"))
			slashRemoved := strings.HasSuffix(u.Path, "/") && (gl+"/" == wl || gl+"/" == unescape(wl))
			if gl != wl && gl != unescape(wl) && !slashRemoved {
				t.Fatalf("%s %s: Location %q, ServeMux %q", method, path, got.Header().Get("Location"), want.Header().Get("Location"))
			}
		case want.Code == 307 && want.Header().Get("Location") == u.EscapedPath()+"/":
			// ServeMux adds a slash even when a less specific route matches.
		case (got.Code == 301 || got.Code == 308) && (dotSegment || strings.HasSuffix(u.Path, "/")):
			// The Router cleans %2E segments and removes trailing slashes.
		case want.Code == 405 && got.Code == 404 && rt.Lookup(method, u.EscapedPath()+"/", nil).Kind == route.MethodNotAllowed:
			// ServeMux's 405 also counts the methods of the path with a slash added.
		case got.Code == 204 && method == "OPTIONS" && want.Code == 405:
		default:
			t.Fatalf("%s %s: Router %d %q %q, ServeMux %d %q %q", method, path,
				got.Code, got.Body, got.Header().Get("Location"), want.Code, want.Body, want.Header().Get("Location"))
		}
	})
}

func register(mux *http.ServeMux, pattern string, h http.HandlerFunc) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err, _ = r.(error)
			if err == nil {
				err = errorString(r.(string))
			}
		}
	}()
	mux.HandleFunc(pattern, h)
	return nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

// echoParams writes the route's path and its wildcard values.
func echoParams(w http.ResponseWriter, r *http.Request, pattern string) {
	p, _ := route.ParsePattern(pattern)
	w.Write([]byte(pattern))
	for _, n := range p.Names() {
		w.Write([]byte("|" + n + "=" + r.PathValue(n)))
	}
}

func sameMethods(a, b string) bool {
	split := func(s string) []string {
		var out []string
		for _, m := range strings.Split(s, ",") {
			if m = strings.TrimSpace(m); m != "" && m != "OPTIONS" {
				out = append(out, m)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(split(a), split(b))
}

func unescape(s string) string {
	u, err := url.PathUnescape(s)
	if err != nil {
		return s
	}
	return u
}

func validToken(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			return false
		}
	}
	return true
}
