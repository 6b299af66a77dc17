package pylon

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pylonweb/pylon/route"
)

// Mount serves every request under prefix, with any method, by h, which
// sees the path with the prefix removed ("/" for the prefix itself), as
// with http.StripPrefix. Use it to plug in another router, a file server
// or a whole other App.
func (rs *routes) Mount(prefix string, h http.Handler) {
	prefix = strings.TrimSuffix(rs.join(prefix), "/")
	strip := mountHandler{prefix: prefix, h: h}
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
	prefix string
	h      http.Handler
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
	r2 := new(http.Request)
	*r2 = *r
	r2.URL = new(url.URL)
	*r2.URL = *r.URL
	r2.URL.Path, r2.URL.RawPath = p, rp
	m.h.ServeHTTP(w, r2)
}
