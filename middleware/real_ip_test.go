package middleware_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/middleware"
)

var proxies = []string{"10.0.0.0/8", "192.0.2.1", "2001:db8::/32"}

func realIPOf(cfg middleware.RealIPConfig, remote string, header map[string][]string) string {
	var got string
	h := middleware.RealIP(cfg)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.RemoteAddr
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = remote
	for k, v := range header {
		req.Header[k] = v
	}
	serve(h, req)
	return got
}

func TestRealIP(t *testing.T) {
	xff := middleware.RealIPConfig{TrustedProxies: proxies}
	real := middleware.RealIPConfig{TrustedProxies: proxies, Header: "X-Real-IP"}
	fwd := middleware.RealIPConfig{TrustedProxies: proxies, Header: "Forwarded"}
	tests := []struct {
		name   string
		cfg    middleware.RealIPConfig
		remote string
		header map[string][]string
		want   string
	}{
		{"untrusted peer ignored", xff, "203.0.113.9:5000", map[string][]string{"X-Forwarded-For": {"1.2.3.4"}}, "203.0.113.9:5000"},
		{"trusted peer", xff, "10.1.2.3:5000", map[string][]string{"X-Forwarded-For": {"198.51.100.7"}}, "198.51.100.7:0"},
		{"rightmost untrusted", xff, "10.1.2.3:5000", map[string][]string{"X-Forwarded-For": {"6.6.6.6, 198.51.100.7, 10.9.9.9"}}, "198.51.100.7:0"},
		{"spoofed left ignored", xff, "192.0.2.1:80", map[string][]string{"X-Forwarded-For": {"127.0.0.1, 198.51.100.7"}}, "198.51.100.7:0"},
		{"several lines", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"6.6.6.6", "198.51.100.7, 10.0.0.2"}}, "198.51.100.7:0"},
		{"all trusted takes leftmost", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"10.0.0.5, 10.0.0.6"}}, "10.0.0.5:0"},
		{"garbage stops", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"198.51.100.7, garbage"}}, "10.0.0.1:1"},
		{"garbage beyond client ignored", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"garbage, 198.51.100.7"}}, "198.51.100.7:0"},
		{"ipv6", xff, "[2001:db8::1]:443", map[string][]string{"X-Forwarded-For": {"2001:db9::7"}}, "[2001:db9::7]:0"},
		{"mapped peer", xff, "[::ffff:10.0.0.1]:443", map[string][]string{"X-Forwarded-For": {"198.51.100.7"}}, "198.51.100.7:0"},
		{"with port", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"198.51.100.7:1234"}}, "198.51.100.7:0"},
		{"spoofed earlier line ignored", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"6.6.6.6", "203.0.113.9"}}, "203.0.113.9:0"},
		{"empty elements skipped", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"198.51.100.7, , 10.0.0.2,"}}, "198.51.100.7:0"},
		{"unknown stops", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"198.51.100.7, unknown, 10.0.0.2"}}, "10.0.0.1:1"},
		{"ipv6 bracketed", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"[2001:db9::7]"}}, "[2001:db9::7]:0"},
		{"ipv6 bracketed with port", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"[2001:db9::7]:4711"}}, "[2001:db9::7]:0"},
		{"no header", xff, "10.0.0.1:1", nil, "10.0.0.1:1"},
		{"empty header", xff, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {""}}, "10.0.0.1:1"},
		{"x-real-ip", real, "10.0.0.1:1", map[string][]string{"X-Real-Ip": {" 198.51.100.7 "}}, "198.51.100.7:0"},
		{"x-real-ip untrusted", real, "8.8.8.8:1", map[string][]string{"X-Real-Ip": {"198.51.100.7"}}, "8.8.8.8:1"},
		{"x-real-ip bad", real, "10.0.0.1:1", map[string][]string{"X-Real-Ip": {"nope"}}, "10.0.0.1:1"},
		{"x-real-ip with port", real, "10.0.0.1:1", map[string][]string{"X-Real-Ip": {"198.51.100.7:4444"}}, "198.51.100.7:0"},
		{"x-real-ip last line", real, "10.0.0.1:1", map[string][]string{"X-Real-Ip": {"6.6.6.6", "198.51.100.7"}}, "198.51.100.7:0"},
		{"forwarded", fwd, "10.0.0.1:1", map[string][]string{"Forwarded": {`for=6.6.6.6, for=198.51.100.7;proto=https, for=10.0.0.3`}}, "198.51.100.7:0"},
		{"forwarded ipv6 quoted", fwd, "10.0.0.1:1", map[string][]string{"Forwarded": {`For="[2001:db9::7]:4711";by=x`}}, "[2001:db9::7]:0"},
		{"forwarded quoted comma", fwd, "10.0.0.1:1", map[string][]string{"Forwarded": {`for=198.51.100.7;x="a,b"`}}, "198.51.100.7:0"},
		{"forwarded client's unterminated quote not read", fwd, "10.0.0.1:1", map[string][]string{"Forwarded": {`for="6.6.6.6, for=198.51.100.7`}}, "198.51.100.7:0"},
		{"forwarded unknown stops", fwd, "10.0.0.1:1", map[string][]string{"Forwarded": {`for=198.51.100.7, for=unknown`}}, "10.0.0.1:1"},
		{"forwarded obfuscated stops", fwd, "10.0.0.1:1", map[string][]string{"Forwarded": {`for=_hidden`}}, "10.0.0.1:1"},
		{"forwarded without for", fwd, "10.0.0.1:1", map[string][]string{"Forwarded": {`proto=https`}}, "10.0.0.1:1"},
		{"no proxies trusted", middleware.RealIPConfig{}, "10.0.0.1:1", map[string][]string{"X-Forwarded-For": {"198.51.100.7"}}, "10.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := realIPOf(tt.cfg, tt.remote, tt.header); got != tt.want {
				t.Errorf("RemoteAddr = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := middleware.ParseTrustedProxies([]string{"10.0.0.0/8", " 192.0.2.1 ", "::ffff:192.0.2.0/120", "2001:db8::1"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.1/32", "192.0.2.0/24", "2001:db8::1/128"}
	for i, p := range got {
		if p.String() != want[i] {
			t.Errorf("prefix %d = %s, want %s", i, p, want[i])
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "nope", "10.0.0/8", ""} {
		_, err := middleware.ParseTrustedProxies([]string{bad})
		if err == nil || !strings.Contains(err.Error(), "trusted proxy") {
			t.Errorf("ParseTrustedProxies(%q) error = %v", bad, err)
		}
	}
}

func TestRealIPPanicsOnBadProxy(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	middleware.RealIP(middleware.RealIPConfig{TrustedProxies: []string{"10.0.0.0/99"}})
}

func FuzzRealIP(f *testing.F) {
	f.Add("X-Forwarded-For", "1.2.3.4, 10.0.0.2")
	f.Add("Forwarded", `for="[2001:db8::1]:80";proto=https, for=10.0.0.2`)
	f.Add("X-Real-IP", "198.51.100.7")
	f.Fuzz(func(t *testing.T, header, value string) {
		switch header {
		case "X-Forwarded-For", "Forwarded", "X-Real-IP":
		default:
			header = "X-Forwarded-For"
		}
		cfg := middleware.RealIPConfig{TrustedProxies: proxies, Header: header}
		const peer = "10.0.0.1:1"
		got := realIPOf(cfg, peer, map[string][]string{http.CanonicalHeaderKey(header): {value}})
		if got == peer {
			return
		}
		ap, err := netip.ParseAddrPort(got)
		if err != nil || ap.Port() != 0 {
			t.Fatalf("RemoteAddr %q is not ip:0", got)
		}
		if _, _, err := net.SplitHostPort(got); err != nil {
			t.Fatalf("RemoteAddr %q: %v", got, err)
		}
		// Handing the chosen address back as the only entry yields it again.
		if again := realIPOf(cfg, peer, map[string][]string{http.CanonicalHeaderKey(header): {ap.Addr().String()}}); header != "Forwarded" && again != got {
			t.Fatalf("%q chose %q, but %q alone chose %q", value, got, ap.Addr(), again)
		}
	})
}
