package forwarded_test

import (
	"net/http"
	"net/netip"
	"testing"

	"github.com/pylonweb/pylon/internal/forwarded"
)

var trusted = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("192.0.2.1/32"),
	netip.MustParsePrefix("2001:db8::/32"),
}

func TestClientIP(t *testing.T) {
	tests := []struct {
		name   string
		header string
		lines  []string
		want   string // "" for no address
	}{
		// X-Forwarded-For
		{"one address", "X-Forwarded-For", []string{"198.51.100.7"}, "198.51.100.7"},
		{"canonicalized name", "x-forwarded-for", []string{"198.51.100.7"}, "198.51.100.7"},
		{"rightmost untrusted", "X-Forwarded-For", []string{"6.6.6.6, 198.51.100.7, 10.9.9.9"}, "198.51.100.7"},
		{"spoofed trusted address on the left", "X-Forwarded-For", []string{"10.0.0.9, 198.51.100.7"}, "198.51.100.7"},
		{"spoof in an earlier line", "X-Forwarded-For", []string{"6.6.6.6", "203.0.113.9"}, "203.0.113.9"},
		{"spoof in an earlier line, proxies after", "X-Forwarded-For", []string{"6.6.6.6", "203.0.113.9, 10.0.0.2", "10.0.0.3"}, "203.0.113.9"},
		{"lines walked across", "X-Forwarded-For", []string{"6.6.6.6, 203.0.113.9", "10.0.0.2", "10.0.0.3"}, "203.0.113.9"},
		{"all trusted takes the leftmost", "X-Forwarded-For", []string{"10.0.0.5, 10.0.0.6", "10.0.0.7"}, "10.0.0.5"},
		{"no spaces", "X-Forwarded-For", []string{"6.6.6.6,198.51.100.7,10.0.0.1"}, "198.51.100.7"},
		{"tabs and spaces", "X-Forwarded-For", []string{" \t198.51.100.7 \t"}, "198.51.100.7"},
		{"empty elements skipped", "X-Forwarded-For", []string{", 198.51.100.7,, 10.0.0.1 ,", ""}, "198.51.100.7"},
		{"ipv4 with port", "X-Forwarded-For", []string{"203.0.113.9:4444"}, "203.0.113.9"},
		{"ipv6", "X-Forwarded-For", []string{"2001:db9::7"}, "2001:db9::7"},
		{"ipv6 bracketed", "X-Forwarded-For", []string{"[2001:db9::7]"}, "2001:db9::7"},
		{"ipv6 bracketed with port", "X-Forwarded-For", []string{"[2001:db9::7]:4711"}, "2001:db9::7"},
		{"ipv6 trusted skipped", "X-Forwarded-For", []string{"198.51.100.7, 2001:db8::5"}, "198.51.100.7"},
		{"ipv6 zone dropped", "X-Forwarded-For", []string{"fe80::1%eth0"}, "fe80::1"},
		{"ipv4-mapped is ipv4", "X-Forwarded-For", []string{"198.51.100.7, ::ffff:10.0.0.1"}, "198.51.100.7"},
		{"ipv4-mapped client", "X-Forwarded-For", []string{"[::ffff:198.51.100.7]:80"}, "198.51.100.7"},
		{"unknown stops", "X-Forwarded-For", []string{"198.51.100.7, unknown"}, ""},
		{"unknown behind a proxy stops", "X-Forwarded-For", []string{"198.51.100.7, unknown, 10.0.0.1"}, ""},
		{"garbage left of the client is not read", "X-Forwarded-For", []string{"garbage, <script>, 198.51.100.7"}, "198.51.100.7"},
		{"garbage line left of the client is not read", "X-Forwarded-For", []string{"\x00junk", "198.51.100.7"}, "198.51.100.7"},
		{"hostname is not an address", "X-Forwarded-For", []string{"client.example"}, ""},
		{"bracketed ipv4 is not an address", "X-Forwarded-For", []string{"[198.51.100.7]"}, ""},
		{"ipv6 unbracketed with port is another address", "X-Forwarded-For", []string{"2001:db9::7:80"}, "2001:db9::7:80"},
		{"port out of range", "X-Forwarded-For", []string{"198.51.100.7:70000"}, ""},
		{"empty port", "X-Forwarded-For", []string{"198.51.100.7:"}, ""},
		{"leading zeros", "X-Forwarded-For", []string{"010.0.0.1"}, ""},
		{"two spaced addresses", "X-Forwarded-For", []string{"198.51.100.7 203.0.113.9"}, ""},
		{"absent", "X-Forwarded-For", nil, ""},
		{"blank", "X-Forwarded-For", []string{"", " , "}, ""},

		// Forwarded (RFC 7239)
		{"forwarded", "Forwarded", []string{"for=6.6.6.6, for=198.51.100.7;proto=https, for=10.0.0.3"}, "198.51.100.7"},
		{"forwarded lines", "Forwarded", []string{"for=6.6.6.6", "for=198.51.100.7", "for=10.0.0.3"}, "198.51.100.7"},
		{"forwarded name case", "Forwarded", []string{"For=198.51.100.7"}, "198.51.100.7"},
		{"forwarded quoted ipv6 with port", "Forwarded", []string{`for="[2001:db9::7]:4711";by=x`}, "2001:db9::7"},
		{"forwarded quoted ipv4", "Forwarded", []string{`for="198.51.100.7"`}, "198.51.100.7"},
		{"forwarded unquoted ipv6, as some proxies write it", "Forwarded", []string{`for=2001:db9::7`}, "2001:db9::7"},
		{"forwarded quoted comma", "Forwarded", []string{`for=198.51.100.7;ext="a,b", for=10.0.0.1`}, "198.51.100.7"},
		{"forwarded quoted comma and semicolon in the last element", "Forwarded", []string{`for=6.6.6.6, for=198.51.100.7;ext="x, for=6.6.6.6; y"`}, "198.51.100.7"},
		{"forwarded escaped quote", "Forwarded", []string{`for=198.51.100.7;ext="a\",b", for=10.0.0.1`}, "198.51.100.7"},
		{"forwarded escaped backslash before the closing quote", "Forwarded", []string{`for=6.6.6.6, for=198.51.100.7;ext="a\\"`}, "198.51.100.7"},
		{"forwarded escape in for", "Forwarded", []string{`for="198.51.100\.7"`}, "198.51.100.7"},
		{"forwarded spaces around semicolons", "Forwarded", []string{`proto=https ; for=198.51.100.7 ;`}, "198.51.100.7"},
		{"forwarded client's unterminated quote is not read", "Forwarded", []string{`for="6.6.6.6, for=198.51.100.7`}, "198.51.100.7"},
		{"forwarded client's stray quote is not read", "Forwarded", []string{`for=6.6.6.6"`, `for=198.51.100.7`}, "198.51.100.7"},
		{"forwarded unknown stops", "Forwarded", []string{"for=198.51.100.7, for=unknown"}, ""},
		{"forwarded obfuscated stops", "Forwarded", []string{"for=_hidden"}, ""},
		{"forwarded without for stops", "Forwarded", []string{"for=198.51.100.7, proto=https"}, ""},
		{"forwarded for twice stops", "Forwarded", []string{"for=198.51.100.7;for=10.0.0.1"}, ""},
		{"forwarded stray quote stops", "Forwarded", []string{`for=198.51.100.7"`}, ""},
		{"forwarded unterminated quote stops", "Forwarded", []string{`for="198.51.100.7`}, ""},
		{"forwarded space around = stops", "Forwarded", []string{`for = 198.51.100.7`}, ""},
		{"forwarded pair without = stops", "Forwarded", []string{`for=198.51.100.7;secure`}, ""},
		{"forwarded empty value stops", "Forwarded", []string{`for=`}, ""},
		{"forwarded text after a quoted value stops", "Forwarded", []string{`for="198.51.100.7"x`}, ""},
		{"forwarded control character stops", "Forwarded", []string{"for=\"198.51.100.7\x01\""}, ""},
		{"forwarded empty elements skipped", "Forwarded", []string{"for=198.51.100.7, ,", ""}, "198.51.100.7"},

		// single-address headers
		{"x-real-ip", "X-Real-IP", []string{" 198.51.100.7 "}, "198.51.100.7"},
		{"x-real-ip with port", "X-Real-IP", []string{"[2001:db9::7]:80"}, "2001:db9::7"},
		{"x-real-ip last line", "X-Real-IP", []string{"6.6.6.6", "198.51.100.7"}, "198.51.100.7"},
		{"x-real-ip trusted is still the client", "X-Real-IP", []string{"10.0.0.8"}, "10.0.0.8"},
		{"x-real-ip list is not an address", "X-Real-IP", []string{"6.6.6.6, 198.51.100.7"}, ""},
		{"x-real-ip garbage", "X-Real-IP", []string{"nope"}, ""},
		{"x-real-ip absent", "X-Real-IP", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, l := range tt.lines {
				h.Add(tt.header, l)
			}
			ip, ok := forwarded.ClientIP(h, tt.header, trusted)
			if ok != (tt.want != "") || ok && ip.String() != tt.want {
				t.Errorf("ClientIP(%q) = %v, %v; want %q", tt.lines, ip, ok, tt.want)
			}
		})
	}
}

func TestClientIPNothingTrusted(t *testing.T) {
	h := http.Header{"X-Forwarded-For": {"6.6.6.6, 198.51.100.7, 10.0.0.1"}}
	ip, ok := forwarded.ClientIP(h, "X-Forwarded-For", nil)
	if !ok || ip.String() != "10.0.0.1" {
		t.Errorf("ClientIP = %v, %v; want the rightmost, 10.0.0.1", ip, ok)
	}
}

func TestParseNode(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1":              "192.0.2.1",
		"192.0.2.1:0":            "192.0.2.1",
		"192.0.2.1:65535":        "192.0.2.1",
		"2001:db8::1":            "2001:db8::1",
		"2001:DB8:0:0::1":        "2001:db8::1",
		"[2001:db8::1]":          "2001:db8::1",
		"[2001:db8::1]:443":      "2001:db8::1",
		"::ffff:192.0.2.1":       "192.0.2.1",
		"[::ffff:192.0.2.1]:443": "192.0.2.1",
		"[fe80::1%eth0]:443":     "fe80::1",
		"":                       "",
		" 192.0.2.1":             "",
		"unknown":                "",
		"_hidden":                "",
		"[192.0.2.1]":            "",
		"[192.0.2.1]:80":         "",
		"[2001:db8::1":           "",
		"2001:db8::1]":           "",
		"[]":                     "",
		"192.0.2.1:65536":        "",
		"192.0.2.1:http":         "",
		"192.0.2.256":            "",
		"localhost":              "",
		"localhost:80":           "",
	} {
		ip, ok := forwarded.ParseNode(in)
		if ok != (want != "") || ok && ip.String() != want {
			t.Errorf("ParseNode(%q) = %v, %v; want %q", in, ip, ok, want)
		}
	}
}
