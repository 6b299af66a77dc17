package pylon

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pylonweb/pylon/route"
)

// Redirect registers a redirect from every path matching from to the
// target pattern to, filled with the parameters from matched, for any
// method: app.Redirect("/old/{path...}", "/new/{path}", 301). The query
// string is kept. The target is a path within the App: unlike from, it
// does not get a Group's prefix, and a mounted App puts its mount prefix
// in front of it. It panics if to names a parameter that from lacks or if
// code is not a 3xx status.
func (rs *routes) Redirect(from, to string, code int) *route.Route {
	if code < 300 || code > 399 {
		panic(fmt.Sprintf("pylon: Redirect %s: status %d is not a redirect", from, code))
	}
	source, err := route.ParsePattern(rs.join(from))
	if err != nil {
		panic(fmt.Sprintf("pylon: Redirect %s: %v", from, err))
	}
	target, err := route.ParsePattern(keepSlashes(source, to))
	if err != nil {
		panic(fmt.Sprintf("pylon: Redirect %s: target: %v", from, err))
	}
	for _, name := range target.Names() {
		if !slices.Contains(source.Names(), name) {
			panic(fmt.Sprintf("pylon: Redirect %s: target %s uses {%s}, which the source lacks", from, to, name))
		}
	}
	h := func(c *Context) error {
		u, err := target.Build(func(name string) (string, bool) {
			v := c.params.Get(name)
			return v, true
		})
		if err != nil {
			// The client's path cannot fill the target, as "/%2Fevil.com"
			// cannot fill "/{path}": its mistake, not the server's.
			return BadRequest("cannot redirect this path: " + err.Error())
		}
		u = mountPrefix(c.req) + u
		if q := c.req.URL.RawQuery; q != "" {
			u += "?" + q
		}
		http.Redirect(c.Response(), c.req, u, code)
		return nil
	}
	return rs.add(MethodAny, from, h, "redirect to "+to, nil)
}

// keepSlashes turns {name} in the target into {name...} where the source
// has {name...} and the target can take it, so that a redirect of a whole
// subtree keeps the slashes of the rest of the path.
func keepSlashes(source *route.Pattern, to string) string {
	for _, name := range source.Names() {
		if !strings.Contains(source.String(), "{"+name+"...}") {
			continue
		}
		rest := strings.Replace(to, "{"+name+"}", "{"+name+"...}", 1)
		if _, err := route.ParsePattern(rest); err == nil {
			to = rest
		}
	}
	return to
}
