// Package forwarded reads what reverse proxies tell a server about a
// request: the client's address (X-Forwarded-For, Forwarded's for=, or a
// single-address header such as X-Real-IP), and the host and scheme the
// client asked for (X-Forwarded-Host, X-Forwarded-Proto, Forwarded's host=
// and proto=). The App's Context and the middleware package share it, so
// that c.RealIP and middleware.RealIP give the same answer.
//
// The functions here only parse. Whether the request came from a trusted
// proxy, and so whether these headers may be read at all, is the caller's
// decision: from any other peer they are whatever the client wrote.
//
// # Which value counts
//
// A proxy adds to these headers, either by appending an element to a list
// or by adding a line, so the nearest proxy's word is the rightmost
// element of the last line, and everything the client sent comes before
// it. The functions therefore read from the right:
//
//   - [ClientIP] walks the addresses from the right, skips those inside a
//     trusted prefix, and stops at the first that is not: the client as
//     the outermost trusted proxy saw it.
//   - [Host] and [Proto] take the rightmost value, the one the nearest
//     proxy wrote.
//
// # X-Forwarded-* or Forwarded
//
// If the request has an X-Forwarded-Host or an X-Forwarded-Proto header,
// Host and Proto read only those two, and Forwarded is ignored for the
// host and the scheme; otherwise they read host= and proto= of the last
// Forwarded element. Most proxies set X-Forwarded-Proto and pass a
// client's Forwarded header through untouched, so letting Forwarded win
// would let any client choose the host and scheme behind them. The two
// families never mix: with X-Forwarded-Proto present and X-Forwarded-Host
// absent, Host reports nothing, and the caller uses the request's own.
package forwarded

import (
	"net/http"
	"net/netip"
	"net/textproto"
	"strings"
)

// ClientIP returns the client's address from the header name of h, given
// the prefixes of the trusted proxies. The header is one of
//
//   - "X-Forwarded-For": comma-separated addresses, each appended by a
//     proxy;
//   - "Forwarded": RFC 7239 elements, whose for= parameters are read;
//   - any other name ("X-Real-IP", "CF-Connecting-IP"): a header that
//     holds a single address, written by the proxy. Its last line is read.
//
// For the two lists, ClientIP walks every element of every line, last
// line first and right to left. It skips empty elements, as HTTP lists
// allow, and addresses inside a trusted prefix, and returns the first
// address that is not trusted. If every address is trusted, it returns
// the leftmost, since the request started inside the trusted network.
//
// An element that is not an address, such as "unknown", an obfuscated
// node ("_hidden"), a Forwarded element without for=, or garbage, stops
// the walk, and ClientIP reports false: the trusted proxy that wrote it
// could not name the hop before it, so nothing further left can be
// checked. Garbage further left than the first untrusted address is
// never read, which is why a client cannot turn its own junk into a
// failure. Addresses are parsed by [ParseNode].
//
// ClientIP reports false if the header is absent or names no address.
func ClientIP(h http.Header, name string, trusted []netip.Prefix) (netip.Addr, bool) {
	name = textproto.CanonicalMIMEHeaderKey(name)
	lines := h[name]
	switch name {
	case "X-Forwarded-For":
		return walk(lines, trusted, lastListElement, ParseNode)
	case "Forwarded":
		return walk(lines, trusted, lastElement, forNode)
	}
	if len(lines) == 0 {
		return netip.Addr{}, false
	}
	return ParseNode(textproto.TrimString(lines[len(lines)-1]))
}

// walk returns the rightmost untrusted address of lines, whose elements
// split takes off from the right and node turns into addresses.
func walk(lines []string, trusted []netip.Prefix,
	split func(string) (elem, rest string, ok bool),
	node func(string) (netip.Addr, bool)) (netip.Addr, bool) {
	var leftmost netip.Addr
	for i := len(lines) - 1; i >= 0; i-- {
		for rest := lines[i]; rest != ""; {
			var elem string
			var ok bool
			if elem, rest, ok = split(rest); !ok {
				return netip.Addr{}, false
			}
			if elem = textproto.TrimString(elem); elem == "" {
				continue
			}
			ip, ok := node(elem)
			if !ok {
				return netip.Addr{}, false
			}
			if !Trusted(ip, trusted) {
				return ip, true
			}
			leftmost = ip
		}
	}
	return leftmost, leftmost.IsValid()
}

// lastListElement splits "a, b, c" into "c" and "a, b".
func lastListElement(s string) (elem, rest string, ok bool) {
	i := strings.LastIndexByte(s, ',')
	if i < 0 {
		return s, "", true
	}
	return s[i+1:], s[:i], true
}

// forNode returns the address in the for= parameter of a Forwarded
// element.
func forNode(elem string) (netip.Addr, bool) {
	v, ok := param(elem, "for")
	if !ok {
		return netip.Addr{}, false
	}
	return ParseNode(v)
}

// ParseNode parses an address the way proxies write it into forwarding
// headers: "192.0.2.1", "2001:db8::1", "[2001:db8::1]", or any of them
// with a port, "192.0.2.1:8080" or "[2001:db8::1]:8080", which is
// dropped. An IPv4-mapped IPv6 address is returned as IPv4, and an IPv6
// zone is dropped, so that the result compares equal to the prefixes of
// trusted proxies. Anything else, including surrounding spaces,
// "unknown", obfuscated identifiers such as "_hidden", hostnames and
// "[192.0.2.1]", is not an address.
func ParseNode(s string) (netip.Addr, bool) {
	if ip, err := netip.ParseAddr(s); err == nil {
		return ip.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		if ip, err := netip.ParseAddr(s[1 : len(s)-1]); err == nil && ip.Is6() {
			return ip.Unmap().WithZone(""), true
		}
	}
	return netip.Addr{}, false
}
