package route_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pylonweb/pylon/route"
)

func get(h http.Handler, method, target string) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	body, _ := io.ReadAll(w.Body)
	line := fmt.Sprintf("%s %s -> %d %s %s%s", method, target, w.Code, w.Header().Get("Allow"), w.Header().Get("Location"), bytes.TrimSpace(body))
	fmt.Println(strings.TrimSpace(line))
}

// A Router serves requests on its own; handlers read parameters with
// r.PathValue and the matched pattern from r.Pattern.
func ExampleRouter() {
	rt := &route.Router{RedirectTrailingSlash: true}
	rt.HandleFunc("GET", "/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s: user %s\n", r.Pattern, r.PathValue("id"))
	})
	rt.HandleFunc("GET", "/files/{path...}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "file %q\n", r.PathValue("path"))
	})
	get(rt, "GET", "/users/42")
	get(rt, "GET", "/files/docs/caf%C3%A9.txt")
	get(rt, "DELETE", "/users/42")
	get(rt, "OPTIONS", "/users/42")
	get(rt, "GET", "/users/42/")
	get(rt, "GET", "/users//42?tab=posts")
	// Output:
	// GET /users/42 -> 200  GET /users/{id}: user 42
	// GET /files/docs/caf%C3%A9.txt -> 200  file "docs/café.txt"
	// DELETE /users/42 -> 405 GET, HEAD, OPTIONS 405 method not allowed
	// OPTIONS /users/42 -> 204 GET, HEAD, OPTIONS
	// GET /users/42/ -> 301  /users/42
	// GET /users//42?tab=posts -> 301  /users/42?tab=posts
}

// Requirements restrict a wildcard with a regexp; a segment that fails one
// falls through to the next candidate, and literals beat wildcards.
func ExampleRouter_requirements() {
	var rt route.Router
	show := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintln(w, name, r.PathValue("id")+r.PathValue("name"))
		}
	}
	rt.Handle("GET", "/users/{id:[0-9]+}", show("by id"))
	rt.Handle("GET", "/users/{name}", show("by name"))
	rt.Handle("GET", "/users/new", show("new form"))
	get(&rt, "GET", "/users/42")
	get(&rt, "GET", "/users/bob")
	get(&rt, "GET", "/users/new")
	// Output:
	// GET /users/42 -> 200  by id 42
	// GET /users/bob -> 200  by name bob
	// GET /users/new -> 200  new form
}

// Named routes build URLs: values are escaped, requirements checked, and
// extra pairs become the query string.
func ExampleRouter_URL() {
	var rt route.Router
	rt.Handle("GET", "/users/{id:[0-9]+}", http.NotFoundHandler()).Name("user")
	rt.Handle("GET", "/files/{path...}", http.NotFoundHandler()).Name("file")

	fmt.Println(rt.URL("user", "id", 42))
	fmt.Println(rt.URL("user", "id", 42, "tab", "posts & likes"))
	fmt.Println(rt.URL("file", "path", "docs/a b.txt"))
	fmt.Println(rt.URL("user", "id", "bob"))
	// Output:
	// /users/42 <nil>
	// /users/42?tab=posts+%26+likes <nil>
	// /files/docs/a%20b.txt <nil>
	//  route "user" (GET /users/{id:[0-9]+}): value "bob" for {id} does not match requirement [0-9]+
}

// A slice value repeats its query parameter for each element, in order, as
// url.Values does. A nil value, or a slice for a path parameter, is an error.
func ExampleRouter_URL_repeatedQuery() {
	var rt route.Router
	rt.Handle("GET", "/search", http.NotFoundHandler()).Name("search")
	rt.Handle("GET", "/users/{id}", http.NotFoundHandler()).Name("user")

	fmt.Println(rt.URL("search", "tag", []string{"go", "web"}, "page", 2))
	fmt.Println(rt.URL("search", "tag", []string{}, "page", 1))
	fmt.Println(rt.URL("search", "tag", nil))
	fmt.Println(rt.URL("user", "id", []int{1, 2}))
	// Output:
	// /search?tag=go&tag=web&page=2 <nil>
	// /search?page=1 <nil>
	//  route "search" (GET /search): nil value for query parameter "tag"
	//  route "user" (GET /users/{id}): []int value for {id}: a path parameter takes one value
}

// Lookup is the allocation-free core, for frameworks that dispatch
// themselves; the caller owns and reuses the Params.
func ExampleRouter_Lookup() {
	var rt route.Router
	rt.Handle("GET", "/repos/{owner}/{repo}", http.NotFoundHandler())
	var ps route.Params
	m := rt.Lookup("GET", "/repos/golang/go", &ps)
	fmt.Println(m.Kind, m.Route.Pattern(), ps.Get("owner"), ps.Get("repo"))
	m = rt.Lookup("POST", "/repos/golang/go", &ps)
	fmt.Println(m.Kind, m.Allow)
	// Output:
	// Found GET /repos/{owner}/{repo} golang go
	// MethodNotAllowed GET, HEAD, OPTIONS
}

// ParsePattern and Build expand any pattern, without a Router.
func ExamplePattern_Build() {
	p, _ := route.ParsePattern("/a/{x}/{rest...}")
	vals := map[string]string{"x": "1/2", "rest": "b c/d"}
	fmt.Println(p.Build(func(name string) (string, bool) { v, ok := vals[name]; return v, ok }))
	// Output: /a/1%2F2/b%20c/d <nil>
}

// A ParamsFunc takes the route's parameters from the Router, as an
// httprouter handler does: the Router then sets r.Pattern but not the
// path values, and serving the route allocates nothing.
func ExampleParamsFunc() {
	var rt route.Router
	rt.Handle("GET", "/repos/{owner}/{repo}", route.ParamsFunc(func(w http.ResponseWriter, r *http.Request, ps *route.Params) {
		fmt.Fprintf(w, "%s: %s/%s\n", r.Pattern, ps.Get("owner"), ps.Get("repo"))
	}))
	get(&rt, "GET", "/repos/pylonweb/pylon")
	// Output:
	// GET /repos/pylonweb/pylon -> 200  GET /repos/{owner}/{repo}: pylonweb/pylon
}
