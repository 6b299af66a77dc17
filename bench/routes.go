// Package bench compares Pylon's router with other Go routers. It is its own
// module so that their dependencies never enter Pylon's go.mod. The
// benchmarks live in the test files; this file holds the shared route-file
// parsing.
package bench

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Route is one line of a route file: a method and a ServeMux-syntax pattern,
// plus the derived request path and wildcard names.
type Route struct {
	Method  string
	Pattern string   // "/users/{user}"
	Path    string   // the request path: each {name} replaced by name, as the standard Go router benchmarks do
	Names   []string // wildcard names in order
}

// The route sets, shared with the route package's own benchmarks.
var Sets = []struct{ Name, File string }{
	{"GitHub", "../route/testdata/github-api-routes.txt"},
	{"Static", "../route/testdata/static-routes.txt"},
	{"Params", "../route/testdata/param-routes.txt"},
}

var wildcard = regexp.MustCompile(`\{([^}.:]+)(\.\.\.)?\}`)

// Load reads a route file: one "METHOD /pattern" a line; blank lines and
// lines starting with '#' are skipped.
func Load(file string) ([]Route, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var routes []Route
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		method, pattern, ok := strings.Cut(line, " ")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", file, line)
		}
		r := Route{Method: method, Pattern: pattern, Path: wildcard.ReplaceAllString(pattern, "$1")}
		for _, m := range wildcard.FindAllStringSubmatch(pattern, -1) {
			r.Names = append(r.Names, m[1])
		}
		routes = append(routes, r)
	}
	return routes, sc.Err()
}

// Colon converts a pattern to the :name / *name syntax of httprouter, echo
// and gin.
func Colon(pattern string) string {
	return wildcard.ReplaceAllStringFunc(pattern, func(w string) string {
		m := wildcard.FindStringSubmatch(w)
		if m[2] != "" {
			return "*" + m[1]
		}
		return ":" + m[1]
	})
}
