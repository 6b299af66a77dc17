package pylon_test

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
)

// The headers the documented nginx configuration sets for a client that
// asked for https://app.example/reset.
var nginxHeaders = []string{
	"X-Forwarded-For: 203.0.113.9",
	"X-Forwarded-Host: app.example",
	"X-Forwarded-Proto: https",
}

// forwardedRequest builds a request to http://internal/reset from peer
// with the "Name: value" header lines, added in order.
func forwardedRequest(peer string, lines ...string) *http.Request {
	r := httptest.NewRequest("GET", "http://internal/reset", nil)
	r.RemoteAddr = peer
	for _, l := range lines {
		k, v, _ := strings.Cut(l, ": ")
		r.Header.Add(k, v)
	}
	return r
}

func TestForwardedHostAndScheme(t *testing.T) {
	app := newApp(pylon.Config{TrustedProxies: []string{"127.0.0.1"}})
	app.GET("/reset", func(c *pylon.Context) error {
		abs, err := c.AbsoluteURL("reset")
		if err != nil {
			return err
		}
		return c.String(200, c.Scheme()+" "+c.Host()+" "+abs)
	}).Name("reset")

	const proxy, client = "127.0.0.1:40000", "198.51.100.7:40000"
	with := func(extra ...string) []string { return append(append([]string(nil), nginxHeaders...), extra...) }
	tests := []struct {
		name    string
		peer    string
		tls     bool
		headers []string
		want    string // scheme, host, absolute URL
	}{
		{"no proxy", client, false, nil, "http internal http://internal/reset"},
		{"no proxy, TLS", client, true, nil, "https internal https://internal/reset"},
		{"nginx", proxy, false, nginxHeaders, "https app.example https://app.example/reset"},

		// A client's headers from an untrusted peer count for nothing.
		{"untrusted X-Forwarded-Host", client, false, []string{"X-Forwarded-Host: evil.example"}, "http internal http://internal/reset"},
		{"untrusted X-Forwarded-Proto", client, true, []string{"X-Forwarded-Proto: http"}, "https internal https://internal/reset"},
		{"untrusted Forwarded", client, false, []string{"Forwarded: host=evil.example;proto=https"}, "http internal http://internal/reset"},
		{"untrusted everything", client, false, with("Forwarded: host=evil.example;proto=http"), "http internal http://internal/reset"},

		// Through a trusted proxy, the value the proxy added is the
		// rightmost; what the client sent comes first and is ignored.
		{"client's X-Forwarded-Host on an earlier line", proxy, false,
			[]string{"X-Forwarded-Host: evil.example", "X-Forwarded-Host: app.example", "X-Forwarded-Proto: https"},
			"https app.example https://app.example/reset"},
		{"client's X-Forwarded-Host earlier in the list", proxy, false,
			[]string{"X-Forwarded-Host: evil.example, app.example", "X-Forwarded-Proto: https"},
			"https app.example https://app.example/reset"},
		{"client's X-Forwarded-Proto earlier", proxy, false,
			[]string{"X-Forwarded-Proto: http", "X-Forwarded-Proto: https", "X-Forwarded-Host: app.example"},
			"https app.example https://app.example/reset"},
		{"client's Forwarded element earlier", proxy, false,
			[]string{"Forwarded: host=evil.example;proto=http, for=203.0.113.9;host=app.example;proto=https"},
			"https app.example https://app.example/reset"},
		{"client's Forwarded line earlier", proxy, false,
			[]string{"Forwarded: host=evil.example;proto=http", `Forwarded: for=203.0.113.9;host="app.example:8443";proto=https`},
			"https app.example:8443 https://app.example:8443/reset"},

		// X-Forwarded-* wins over Forwarded as a whole: the audit's
		// Forwarded header, passed through by nginx, changes nothing.
		{"client's Forwarded beside nginx's headers", proxy, false,
			with("Forwarded: host=evil.example;proto=http"),
			"https app.example https://app.example/reset"},
		{"client's Forwarded beside X-Forwarded-Proto alone", proxy, false,
			[]string{"X-Forwarded-Proto: https", "Forwarded: host=evil.example;proto=http"},
			"https internal https://internal/reset"},
		{"Forwarded alone", proxy, false,
			[]string{"Forwarded: for=203.0.113.9;host=app.example;proto=https"},
			"https app.example https://app.example/reset"},

		// Invalid values fall back to the request's own.
		{"X-Forwarded-Host with a path", proxy, false, []string{"X-Forwarded-Host: evil.example/x", "X-Forwarded-Proto: https"}, "https internal https://internal/reset"},
		{"X-Forwarded-Host with userinfo", proxy, false, []string{"X-Forwarded-Host: app.example@evil.example"}, "http internal http://internal/reset"},
		{"X-Forwarded-Host with a scheme", proxy, false, []string{"X-Forwarded-Host: https://evil.example"}, "http internal http://internal/reset"},
		{"X-Forwarded-Host with a bad port", proxy, false, []string{"X-Forwarded-Host: app.example:99999"}, "http internal http://internal/reset"},
		{"Forwarded host with a slash", proxy, false, []string{`Forwarded: host="evil.example/x";proto=https`}, "https internal https://internal/reset"},
		{"X-Forwarded-Proto not http(s)", proxy, true, []string{"X-Forwarded-Proto: javascript", "X-Forwarded-Host: app.example"}, "https app.example https://app.example/reset"},
		{"X-Forwarded-Proto upper case", proxy, false, []string{"X-Forwarded-Proto: HTTPS"}, "https internal https://internal/reset"},
		{"proxy says http over TLS", proxy, true, []string{"X-Forwarded-Proto: http"}, "http internal http://internal/reset"},
		{"IPv6 host", proxy, false, []string{"X-Forwarded-Host: [2001:db8::1]:8443", "X-Forwarded-Proto: https"}, "https [2001:db8::1]:8443 https://[2001:db8::1]:8443/reset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := forwardedRequest(tt.peer, tt.headers...)
			if tt.tls {
				r.TLS = &tls.ConnectionState{}
			}
			w := httptest.NewRecorder()
			app.ServeHTTP(w, r)
			if got := w.Body.String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// realIPCases are the X-Forwarded-For lines from the peer, and the client
// address both c.RealIP and middleware.RealIP must find, with the App and
// the middleware trusting 127.0.0.1 and 10.0.0.0/8.
var realIPCases = []struct {
	name  string
	peer  string
	lines []string
	want  string
}{
	{"no header", "127.0.0.1:1", nil, "127.0.0.1"},
	{"untrusted peer", "198.51.100.7:1", []string{"6.6.6.6"}, "198.51.100.7"},
	{"untrusted peer posing as a proxy", "198.51.100.7:1", []string{"6.6.6.6, 10.0.0.1"}, "198.51.100.7"},
	{"nginx", "127.0.0.1:1", []string{"203.0.113.9"}, "203.0.113.9"},
	{"client's line first", "127.0.0.1:1", []string{"6.6.6.6", "203.0.113.9"}, "203.0.113.9"},
	{"client's element first", "127.0.0.1:1", []string{"6.6.6.6, 203.0.113.9"}, "203.0.113.9"},
	{"client poses as a trusted proxy", "127.0.0.1:1", []string{"10.0.0.1, 127.0.0.1, 203.0.113.9"}, "203.0.113.9"},
	{"chain of proxies", "127.0.0.1:1", []string{"6.6.6.6, 203.0.113.9, 10.0.0.2", "10.0.0.3"}, "203.0.113.9"},
	{"all trusted", "127.0.0.1:1", []string{"10.0.0.2, 10.0.0.3"}, "10.0.0.2"},
	{"port", "127.0.0.1:1", []string{"203.0.113.9:4444"}, "203.0.113.9"},
	{"ipv6", "127.0.0.1:1", []string{"2001:db8::9"}, "2001:db8::9"},
	{"ipv6 bracketed with port", "127.0.0.1:1", []string{"[2001:db8::9]:4444"}, "2001:db8::9"},
	{"ipv4-mapped", "127.0.0.1:1", []string{"::ffff:203.0.113.9"}, "203.0.113.9"},
	{"empty elements", "127.0.0.1:1", []string{"", ", 203.0.113.9 ,"}, "203.0.113.9"},
	{"unknown", "127.0.0.1:1", []string{"unknown"}, "127.0.0.1"},
	{"unknown behind the client", "127.0.0.1:1", []string{"unknown, 203.0.113.9"}, "203.0.113.9"},
	{"unknown before the client", "127.0.0.1:1", []string{"203.0.113.9, unknown"}, "127.0.0.1"},
	{"garbage", "127.0.0.1:1", []string{"<script>"}, "127.0.0.1"},
	{"hostname", "127.0.0.1:1", []string{"client.example"}, "127.0.0.1"},
	{"blank", "127.0.0.1:1", []string{" "}, "127.0.0.1"},
}

func TestRealIPForwarded(t *testing.T) {
	app := newApp(pylon.Config{TrustedProxies: []string{"127.0.0.1", "10.0.0.0/8"}})
	app.GET("/ip", func(c *pylon.Context) error { return c.String(200, c.RealIP()) })
	for _, tt := range realIPCases {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			app.ServeHTTP(w, xffRequest(tt.peer, tt.lines))
			if got := w.Body.String(); got != tt.want {
				t.Errorf("c.RealIP() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRealIPAgreesWithMiddleware(t *testing.T) {
	proxies := []string{"127.0.0.1", "10.0.0.0/8"}
	app := newApp(pylon.Config{TrustedProxies: proxies})
	app.GET("/ip", func(c *pylon.Context) error { return c.String(200, c.RealIP()) })
	mw := middleware.RealIP(middleware.RealIPConfig{TrustedProxies: proxies})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		w.Write([]byte(host))
	}))
	// Both together: c.RealIP after the middleware rewrote r.RemoteAddr.
	both := newApp(pylon.Config{TrustedProxies: proxies})
	both.Use(middleware.RealIP(middleware.RealIPConfig{TrustedProxies: proxies}))
	both.GET("/ip", func(c *pylon.Context) error { return c.String(200, c.RealIP()) })

	for _, tt := range realIPCases {
		t.Run(tt.name, func(t *testing.T) {
			var got [3]string
			for i, h := range []http.Handler{app, mw, both} {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, xffRequest(tt.peer, tt.lines))
				got[i] = w.Body.String()
			}
			if got[0] != got[1] || got[0] != got[2] {
				t.Errorf("c.RealIP() = %q, middleware.RealIP gives %q, both %q", got[0], got[1], got[2])
			}
		})
	}
}

func xffRequest(peer string, lines []string) *http.Request {
	r := httptest.NewRequest("GET", "/ip", nil)
	r.RemoteAddr = peer
	for _, l := range lines {
		r.Header.Add("X-Forwarded-For", l)
	}
	return r
}

// FuzzRealIPAgreesWithMiddleware checks that c.RealIP and
// middleware.RealIP pick the same address for any X-Forwarded-For lines
// (separated by newlines in xff) from a trusted or an untrusted peer.
func FuzzRealIPAgreesWithMiddleware(f *testing.F) {
	for _, tt := range realIPCases {
		f.Add(tt.peer == "127.0.0.1:1", strings.Join(tt.lines, "\n"))
	}
	proxies := []string{"127.0.0.1", "10.0.0.0/8"}
	app := newApp(pylon.Config{TrustedProxies: proxies})
	app.GET("/ip", func(c *pylon.Context) error { return c.String(200, c.RealIP()) })
	mw := middleware.RealIP(middleware.RealIPConfig{TrustedProxies: proxies})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		w.Write([]byte(host))
	}))
	f.Fuzz(func(t *testing.T, trustedPeer bool, xff string) {
		peer := "198.51.100.7:1"
		if trustedPeer {
			peer = "127.0.0.1:1"
		}
		lines := strings.Split(xff, "\n")
		w, wm := httptest.NewRecorder(), httptest.NewRecorder()
		app.ServeHTTP(w, xffRequest(peer, lines))
		mw.ServeHTTP(wm, xffRequest(peer, lines))
		if w.Body.String() != wm.Body.String() {
			t.Fatalf("c.RealIP() = %q, middleware.RealIP gives %q", w.Body, wm.Body)
		}
	})
}
