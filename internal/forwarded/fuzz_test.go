package forwarded_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/internal/forwarded"
)

// FuzzClientIP checks, for any header, that ClientIP does not panic, that
// what it returns is an address written in the header, and that nothing a
// client puts in front of the header changes an untrusted answer. value
// holds the header's lines, separated by newlines. The seed corpus is in
// testdata/fuzz/FuzzClientIP.
func FuzzClientIP(f *testing.F) {
	f.Fuzz(func(t *testing.T, name, value string) {
		switch name {
		case "X-Forwarded-For", "Forwarded", "X-Real-IP":
		default:
			name = "X-Forwarded-For"
		}
		lines := strings.Split(value, "\n")
		ip, ok := forwarded.ClientIP(http.Header{name: lines}, name, trusted)
		if !ok {
			if ip.IsValid() {
				t.Fatalf("not ok, but returned %v", ip)
			}
			return
		}
		if !ip.IsValid() || ip.Zone() != "" || ip.Is4In6() {
			t.Fatalf("returned %#v", ip)
		}
		if !writtenIn(value, ip) {
			t.Fatalf("returned %v, which %q does not hold", ip, value)
		}
		if trustedIP(ip) {
			return
		}
		spoofed := append([]string{`6.6.6.6, for=6.6.6.6, "unknown`}, lines...)
		if again, _ := forwarded.ClientIP(http.Header{name: spoofed}, name, trusted); again != ip {
			t.Fatalf("a line in front changed %v to %v", ip, again)
		}
		if name == "X-Real-IP" {
			return
		}
		spoofed = append([]string{`6.6.6.6, for="6.6.6.6, unknown, ` + lines[0]}, lines[1:]...)
		if again, _ := forwarded.ClientIP(http.Header{name: spoofed}, name, trusted); again != ip {
			t.Fatalf("text in front changed %v to %v", ip, again)
		}
	})
}

// writtenIn reports whether ip is one of the addresses in s, looked for
// by cutting s at every character that cannot be part of one, with and
// without backslashes (which Forwarded's quoted strings may hold).
func writtenIn(s string, ip netip.Addr) bool {
	for _, s := range []string{s, strings.ReplaceAll(s, `\`, "")} {
		for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("\n,;=\"[]", r) }) {
			tok = strings.Trim(tok, " \t\r")
			if addr, _, zoned := strings.Cut(tok, "%"); zoned {
				tok = addr // a zone may hold anything, and is dropped
			}
			a, err := netip.ParseAddr(tok)
			if err != nil {
				ap, err := netip.ParseAddrPort(tok)
				if err != nil {
					continue
				}
				a = ap.Addr()
			}
			if a.Unmap().WithZone("") == ip {
				return true
			}
		}
	}
	return false
}

func trustedIP(ip netip.Addr) bool {
	for _, p := range trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// FuzzHostProto checks that Host and Proto never return something that
// would change a URL's meaning when put between the scheme and the path.
// The seed corpus is in testdata/fuzz/FuzzHostProto.
func FuzzHostProto(f *testing.F) {
	f.Fuzz(func(t *testing.T, xfh, xfp, fwd string) {
		h := http.Header{}
		for name, v := range map[string]string{"X-Forwarded-Host": xfh, "X-Forwarded-Proto": xfp, "Forwarded": fwd} {
			if v != "" {
				h[name] = strings.Split(v, "\n")
			}
		}
		if p, ok := forwarded.Proto(h); ok != (p != "") || ok && p != "http" && p != "https" {
			t.Fatalf("Proto = %q, %v", p, ok)
		}
		host, ok := forwarded.Host(h)
		if !ok {
			if host != "" {
				t.Fatalf("not ok, but returned %q", host)
			}
			return
		}
		if strings.ContainsAny(host, "/\\@?#% \t\r\n\"") {
			t.Fatalf("Host = %q", host)
		}
		u, err := url.Parse("https://" + host + "/reset")
		if err != nil || u.Host != host || u.User != nil || u.Path != "/reset" {
			t.Fatalf("Host = %q parses as %#v, %v", host, u, err)
		}
	})
}
