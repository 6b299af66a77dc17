package pylon

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/pylonweb/pylon/route"
)

// Mount serves every request under prefix, with any method, by h, which
// sees the path with the prefix removed ("/" for the prefix itself), as
// with http.StripPrefix. Use it to plug in another router, a file server
// or a whole other App.
//
// A mounted App knows where it is mounted: its redirects (trailing slash,
// unclean paths, Redirect routes) and the URLs its Context builds (URL,
// AbsoluteURL) begin with the prefix, and with the prefixes of the Mounts
// around it. Both the stripping and the mounted App use the prefix as
// written, so it should hold no parameters.
func (rs *routes) Mount(prefix string, h http.Handler) {
	prefix = strings.TrimSuffix(rs.join(prefix), "/")
	strip := mountHandler{prefix: prefix, escaped: (&url.URL{Path: prefix}).EscapedPath(), h: h}
	name := handlerName(h)
	hh := HTTPHandler(strip)
	if prefix != "" {
		rs.addRaw(MethodAny, prefix, hh, name)
	}
	rs.addRaw(MethodAny, prefix+"/{mounted_path...}", hh, name)
}

// addRaw registers an already-joined pattern.
func (rs *routes) addRaw(method, pattern string, h Handler, name string) *route.Route {
	saved := rs.prefix
	rs.prefix = ""
	defer func() { rs.prefix = saved }()
	return rs.add(method, pattern, h, name, nil)
}

type mountHandler struct {
	prefix  string
	escaped string // prefix as it appears in a URL
	h       http.Handler
}

// mounted is the part of a request for a mounted handler that Mount makes:
// its URL, with the prefix removed, and the context that tells the prefix.
// They are allocated together, so that a mounted request costs no more
// allocations than one with only its URL copied.
type mounted struct {
	url url.URL
	ctx mountContext
}

// mountContext is a request context that holds the escaped path in front
// of a mounted handler's paths: the Mount's prefix after those of the
// Mounts around it.
type mountContext struct {
	context.Context
	prefix string
}

type mountPrefixKey struct{}

func (c *mountContext) Value(key any) any {
	if key == (mountPrefixKey{}) {
		return c.prefix
	}
	return c.Context.Value(key)
}

// mountPrefix returns the escaped path under which the handler serving r
// is mounted, such as "/api", or "" if it is not mounted.
func mountPrefix(r *http.Request) string {
	p, _ := r.Context().Value(mountPrefixKey{}).(string)
	return p
}

func (m mountHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, m.prefix)
	rp := strings.TrimPrefix(r.URL.RawPath, m.prefix)
	if p == "" {
		p = "/"
	}
	if rp == "" && r.URL.RawPath != "" {
		rp = "/"
	}
	mr := &mounted{url: *r.URL}
	mr.url.Path, mr.url.RawPath = p, rp
	mr.ctx = mountContext{Context: r.Context(), prefix: m.escaped}
	if outer := mountPrefix(r); outer != "" {
		mr.ctx.prefix = outer + m.escaped
	}
	r2 := r.WithContext(&mr.ctx)
	r2.URL = &mr.url
	m.h.ServeHTTP(w, r2)
}
