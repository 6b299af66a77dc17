package forwarded_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/internal/forwarded"
)

// header builds a header from "Name: value" lines, in order.
func header(lines ...string) http.Header {
	h := http.Header{}
	for _, l := range lines {
		k, v, _ := strings.Cut(l, ": ")
		h.Add(k, v)
	}
	return h
}

func TestHost(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   string // "" for none
	}{
		{"x-forwarded-host", header("X-Forwarded-Host: pylon.example"), "pylon.example"},
		{"with port", header("X-Forwarded-Host: pylon.example:8443"), "pylon.example:8443"},
		{"rightmost element", header("X-Forwarded-Host: evil.example, pylon.example"), "pylon.example"},
		{"last line", header("X-Forwarded-Host: evil.example", "X-Forwarded-Host: pylon.example"), "pylon.example"},
		{"empty elements skipped", header("X-Forwarded-Host: evil.example, pylon.example , "), "pylon.example"},
		{"ipv4", header("X-Forwarded-Host: 192.0.2.1:8080"), "192.0.2.1:8080"},
		{"ipv6", header("X-Forwarded-Host: [2001:db8::1]:8080"), "[2001:db8::1]:8080"},
		{"ipv6 without port", header("X-Forwarded-Host: [2001:db8::1]"), "[2001:db8::1]"},
		{"trailing dot", header("X-Forwarded-Host: pylon.example."), "pylon.example."},
		{"underscore", header("X-Forwarded-Host: my_service.internal"), "my_service.internal"},

		// The X-Forwarded-* family wins over Forwarded, whole.
		{"x-forwarded-host over forwarded", header("Forwarded: host=evil.example", "X-Forwarded-Host: pylon.example"), "pylon.example"},
		{"x-forwarded-proto alone shuts out forwarded's host", header("X-Forwarded-Proto: https", "Forwarded: host=evil.example;proto=http"), ""},
		{"forwarded", header("Forwarded: for=192.0.2.9;host=pylon.example;proto=https"), "pylon.example"},
		{"forwarded quoted with port", header(`Forwarded: host="pylon.example:8443"`), "pylon.example:8443"},
		{"forwarded last element", header("Forwarded: host=evil.example, host=pylon.example"), "pylon.example"},
		{"forwarded last line", header("Forwarded: host=evil.example", "Forwarded: host=pylon.example"), "pylon.example"},
		{"forwarded last element without host", header("Forwarded: host=evil.example, for=192.0.2.9"), ""},
		{"forwarded host twice", header("Forwarded: host=pylon.example;host=evil.example"), ""},
		{"forwarded malformed last element", header(`Forwarded: host=evil.example, host="pylon.example`), ""},
		{"forwarded client's malformed element", header(`Forwarded: host="evil.example, host=pylon.example`), "pylon.example"},

		// Invalid values fall back.
		{"slash", header("X-Forwarded-Host: evil.example/path"), ""},
		{"userinfo", header("X-Forwarded-Host: pylon.example@evil.example"), ""},
		{"userinfo with colon", header("X-Forwarded-Host: pylon.example:443@evil.example"), ""},
		{"backslash", header(`X-Forwarded-Host: evil.example\pylon.example`), ""},
		{"scheme", header("X-Forwarded-Host: https://evil.example"), ""},
		{"space", header("X-Forwarded-Host: evil example"), ""},
		{"query", header("X-Forwarded-Host: evil.example?x"), ""},
		{"fragment", header("X-Forwarded-Host: evil.example#x"), ""},
		{"percent", header("X-Forwarded-Host: evil%2eexample"), ""},
		{"quote", header(`X-Forwarded-Host: evil.example"`), ""},
		{"non-ascii", header("X-Forwarded-Host: pylön.example"), ""},
		{"empty label", header("X-Forwarded-Host: evil..example"), ""},
		{"leading dot", header("X-Forwarded-Host: .example"), ""},
		{"only a port", header("X-Forwarded-Host: :443"), ""},
		{"empty port", header("X-Forwarded-Host: pylon.example:"), ""},
		{"port out of range", header("X-Forwarded-Host: pylon.example:65536"), ""},
		{"port not a number", header("X-Forwarded-Host: pylon.example:https"), ""},
		{"two ports", header("X-Forwarded-Host: pylon.example:80:80"), ""},
		{"unbracketed ipv6", header("X-Forwarded-Host: 2001:db8::1"), ""},
		{"ipv6 zone", header("X-Forwarded-Host: [fe80::1%25eth0]"), ""},
		{"bracketed ipv4", header("X-Forwarded-Host: [192.0.2.1]"), ""},
		{"text after brackets", header("X-Forwarded-Host: [2001:db8::1]x"), ""},
		{"numeric last label", header("X-Forwarded-Host: 1.2.3"), ""},
		{"hex ipv4", header("X-Forwarded-Host: 0x7f.0.0.1"), ""},
		{"ipv4 out of range", header("X-Forwarded-Host: 999.1.1.1"), ""},
		{"ipv4 trailing dot", header("X-Forwarded-Host: 192.0.2.1."), ""},
		{"digit label inside a name", header("X-Forwarded-Host: 1.pylon.example"), "1.pylon.example"},
		{"long label", header("X-Forwarded-Host: " + strings.Repeat("a", 64) + ".example"), ""},
		{"long name", header("X-Forwarded-Host: " + strings.Repeat("a.", 127) + "ab"), ""},
		{"forwarded slash", header(`Forwarded: host="evil.example/x"`), ""},
		{"blank", header("X-Forwarded-Host: "), ""},
		{"absent", header(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := forwarded.Host(tt.header)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("Host(%v) = %q, %v; want %q", tt.header, got, ok, tt.want)
			}
		})
	}
}

func TestProto(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   string // "" for none
	}{
		{"https", header("X-Forwarded-Proto: https"), "https"},
		{"http", header("X-Forwarded-Proto: http"), "http"},
		{"case", header("X-Forwarded-Proto: HTTPS"), "https"},
		{"rightmost element", header("X-Forwarded-Proto: http, https"), "https"},
		{"rightmost element downgrades", header("X-Forwarded-Proto: https, http"), "http"},
		{"last line", header("X-Forwarded-Proto: http", "X-Forwarded-Proto: https"), "https"},
		{"x-forwarded-proto over forwarded", header("X-Forwarded-Proto: https", "Forwarded: proto=http"), "https"},
		{"x-forwarded-host alone shuts out forwarded's proto", header("X-Forwarded-Host: pylon.example", "Forwarded: proto=http"), ""},
		{"forwarded", header("Forwarded: for=192.0.2.9;proto=https"), "https"},
		{"forwarded quoted", header(`Forwarded: proto="https"`), "https"},
		{"forwarded last element", header("Forwarded: proto=http, proto=https"), "https"},
		{"forwarded last element without proto", header("Forwarded: proto=https, for=192.0.2.9"), ""},
		{"other scheme", header("X-Forwarded-Proto: ftp"), ""},
		{"javascript", header("X-Forwarded-Proto: javascript"), ""},
		{"with colon", header("X-Forwarded-Proto: https:"), ""},
		{"with host", header("X-Forwarded-Proto: https://evil.example"), ""},
		{"blank", header("X-Forwarded-Proto: "), ""},
		{"absent", header(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := forwarded.Proto(tt.header)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("Proto(%v) = %q, %v; want %q", tt.header, got, ok, tt.want)
			}
		})
	}
}
