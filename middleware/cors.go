package middleware

import (
	"fmt"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"

	"github.com/pylonweb/pylon/internal/vary"
)

// CORSConfig configures [CORS]. The zero value allows every origin to make
// credential-less requests with the usual methods.
type CORSConfig struct {
	// AllowedOrigins lists the origins allowed to make cross-origin
	// requests, such as "https://example.com", compared without regard to
	// case. An entry may hold one "*" standing for a non-empty run of
	// characters, as in "https://*.example.com"; the entry "*" alone allows
	// every origin.
	// If not set and AllowOriginFunc is nil, every origin is allowed.
	AllowedOrigins []string

	// AllowOriginFunc decides origins that AllowedOrigins does not list.
	// If not set, only AllowedOrigins decides.
	AllowOriginFunc func(r *http.Request, origin string) bool

	// AllowedMethods lists the methods a preflight may ask for.
	// If not set, GET, HEAD, POST, PUT, PATCH and DELETE.
	AllowedMethods []string

	// AllowedHeaders lists the request headers a preflight may ask for,
	// compared without regard to case; "*" allows any.
	// If not set, any header the preflight asks for is allowed.
	AllowedHeaders []string

	// ExposedHeaders lists the response headers, beyond the CORS-safelisted
	// ones, that scripts may read.
	// If not set, Access-Control-Expose-Headers is not sent.
	ExposedHeaders []string

	// AllowCredentials lets requests carry cookies and HTTP authentication.
	// Browsers refuse "Access-Control-Allow-Origin: *" with credentials, so
	// with it the allowed origin is echoed back instead of "*". It needs
	// the origins named, in AllowedOrigins (without a "*" entry, and with
	// a "*" in a pattern only for subdomains of a named domain, as in
	// "https://*.example.com", or for a named host's port, as in
	// "http://localhost:*") or by AllowOriginFunc: echoing every origin
	// with credentials would let any web site read what a logged-in user
	// sees, so CORS panics on it.
	// If not set, Access-Control-Allow-Credentials is not sent.
	AllowCredentials bool

	// MaxAge is how long, in seconds, a browser may cache a preflight's
	// answer. A negative value sends 0, which disables caching.
	// If not set, Access-Control-Max-Age is not sent and browsers use their
	// default (5 seconds in Chrome and Firefox).
	MaxAge int
}

// CORS returns middleware implementing Cross-Origin Resource Sharing.
//
// A preflight (an OPTIONS request with Origin and
// Access-Control-Request-Method headers) is answered with 204 No Content and
// does not reach the next handler. Other requests reach it, with
// Access-Control-Allow-Origin and the rest added to the response when their
// Origin is allowed. A request from an origin that is not allowed, or a
// preflight asking for a method or header that is not, gets no CORS headers,
// which is how a browser learns the answer is no. Every response carries
// "Vary: Origin", because it depends on the Origin header.
//
// CORS panics if cfg allows credentials from every origin.
func CORS(cfg CORSConfig) func(http.Handler) http.Handler {
	c := newCORS(cfg)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				c.preflight(w, r)
				return
			}
			c.actual(w, r)
			next.ServeHTTP(w, r)
		})
	}
}

type cors struct {
	allowAll     bool
	origins      []string // lower case, without "*"
	wildcards    [][2]string
	originFunc   func(*http.Request, string) bool
	methods      []string
	methodsValue string
	headers      []string // lower case; nil means any
	exposedValue string
	credentials  bool
	maxAgeValue  string
}

func newCORS(cfg CORSConfig) *cors {
	c := &cors{
		originFunc:  cfg.AllowOriginFunc,
		credentials: cfg.AllowCredentials,
	}
	c.allowAll = len(cfg.AllowedOrigins) == 0 && cfg.AllowOriginFunc == nil
	for _, o := range cfg.AllowedOrigins {
		o = strings.ToLower(strings.TrimSpace(o))
		if o == "*" {
			c.allowAll = true
		} else if before, after, ok := strings.Cut(o, "*"); ok {
			c.wildcards = append(c.wildcards, [2]string{before, after})
		} else {
			c.origins = append(c.origins, o)
		}
	}
	if c.allowAll && c.credentials {
		panic("middleware: CORS: AllowCredentials with every origin allowed would let any web site read users' responses; name the origins in AllowedOrigins or AllowOriginFunc")
	}
	if c.credentials {
		for _, w := range c.wildcards {
			if !subdomainWildcard(w[1]) && !portWildcard(w[0], w[1]) {
				panic(fmt.Sprintf("middleware: CORS: AllowCredentials with the origin pattern %q would let sites you do not own read users' responses; with credentials, a \"*\" may only stand for subdomains of a named domain, as in \"https://*.example.com\", or a named host's port, as in \"http://localhost:*\"", w[0]+"*"+w[1]))
			}
		}
	}
	methods := cfg.AllowedMethods
	if len(methods) == 0 {
		methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}
	}
	for _, m := range methods {
		c.methods = append(c.methods, strings.ToUpper(strings.TrimSpace(m)))
	}
	c.methodsValue = strings.Join(c.methods, ", ")
	for _, h := range cfg.AllowedHeaders {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "*" {
			c.headers = nil
			break
		}
		c.headers = append(c.headers, h)
	}
	c.exposedValue = strings.Join(cfg.ExposedHeaders, ", ")
	if cfg.MaxAge != 0 {
		c.maxAgeValue = strconv.Itoa(max(cfg.MaxAge, 0))
	}
	return c
}

// subdomainWildcard reports whether the part of an origin pattern after
// its "*" names a domain the "*" is a subdomain of (".example.com",
// optionally with a port), rather than leaving the site open
// ("https://*", "https://*.com", "https://example.*").
func subdomainWildcard(after string) bool {
	host, _, _ := strings.Cut(after, ":")
	return strings.HasPrefix(host, ".") && strings.Contains(host[1:], ".") && !strings.HasSuffix(host, ".")
}

// portWildcard reports whether an origin pattern's "*" stands for the
// port of a named host, as in "http://localhost:*".
func portWildcard(before, after string) bool {
	_, hostColon, ok := strings.Cut(before, "://")
	host, isPort := strings.CutSuffix(hostColon, ":")
	if !ok || after != "" || !isPort || host == "" {
		return false
	}
	if strings.HasPrefix(host, "[") { // an IPv6 literal, whole
		return strings.HasSuffix(host, "]") && len(host) > 2
	}
	return !strings.ContainsAny(host, "[]:")
}

func (c *cors) allowedOrigin(r *http.Request, origin string) bool {
	if c.allowAll {
		return true
	}
	o := strings.ToLower(origin)
	for _, a := range c.origins {
		if o == a {
			return true
		}
	}
	for _, w := range c.wildcards {
		if len(o) > len(w[0])+len(w[1]) && strings.HasPrefix(o, w[0]) && strings.HasSuffix(o, w[1]) {
			return true
		}
	}
	return c.originFunc != nil && c.originFunc(r, origin)
}

// setOrigin sets Access-Control-Allow-Origin and -Credentials.
func (c *cors) setOrigin(h http.Header, origin string) {
	if c.allowAll && !c.credentials {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	if c.credentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
}

func (c *cors) actual(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	vary.Add(h, "Origin")
	origin := r.Header.Get("Origin")
	if origin == "" || !c.allowedOrigin(r, origin) {
		return
	}
	c.setOrigin(h, origin)
	if c.exposedValue != "" {
		h.Set("Access-Control-Expose-Headers", c.exposedValue)
	}
}

func (c *cors) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	vary.Add(h, "Origin")
	vary.Add(h, "Access-Control-Request-Method")
	vary.Add(h, "Access-Control-Request-Headers")
	origin := r.Header.Get("Origin")
	requested := r.Header.Values("Access-Control-Request-Headers")
	if origin != "" && c.allowedOrigin(r, origin) &&
		c.allowedMethod(r.Header.Get("Access-Control-Request-Method")) &&
		c.allowedHeaders(requested) {
		c.setOrigin(h, origin)
		h.Set("Access-Control-Allow-Methods", c.methodsValue)
		if len(requested) > 0 {
			// Echo what was asked for: all of it is allowed, and "*" would
			// not cover credentialed requests.
			h.Set("Access-Control-Allow-Headers", strings.Join(requested, ", "))
		}
		if c.maxAgeValue != "" {
			h.Set("Access-Control-Max-Age", c.maxAgeValue)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (c *cors) allowedMethod(method string) bool {
	return slices.Contains(c.methods, method)
}

func (c *cors) allowedHeaders(values []string) bool {
	if c.headers == nil {
		return true
	}
	for _, v := range values {
		for v != "" {
			var name string
			name, v, _ = strings.Cut(v, ",")
			name = strings.ToLower(textproto.TrimString(name))
			if name != "" && !slices.Contains(c.headers, name) {
				return false
			}
		}
	}
	return true
}
