package middleware

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/textproto"
	"strings"
)

// RealIPConfig configures [RealIP].
type RealIPConfig struct {
	// TrustedProxies lists the proxies, as IP addresses ("10.0.0.1") or
	// CIDR prefixes ("10.0.0.0/8", "fd00::/8"), whose forwarding headers are
	// believed. It should hold exactly the load balancers and reverse
	// proxies in front of the app.
	// If not set, no peer is trusted and RealIP changes nothing.
	TrustedProxies []string

	// Header is where trusted proxies put the client's address:
	// "X-Forwarded-For", "Forwarded" (RFC 7239, its for= parameters), or a
	// header holding one address, such as "X-Real-IP" or
	// "CF-Connecting-IP".
	// If not set, "X-Forwarded-For".
	Header string
}

// RealIP returns middleware that, for requests whose peer (r.RemoteAddr) is
// a trusted proxy, replaces r.RemoteAddr with the client address from
// cfg.Header. Headers from other peers are ignored, because anyone can send
// them.
//
// In X-Forwarded-For and Forwarded, each proxy appends the address of the
// peer it received the request from, so the list reads client, proxy1,
// proxy2, and everything the client sent comes first. RealIP therefore reads
// from the right, skips trusted proxies, and takes the first address that is
// not one: the one our outermost proxy saw, which a client cannot forge.
// Taking the leftmost address instead would let any client pick its own IP.
// If every address is trusted, the leftmost is taken; if RealIP meets an
// entry that is not an IP address ("unknown", an obfuscated node, garbage)
// before an untrusted address, it leaves r.RemoteAddr alone.
//
// The new r.RemoteAddr keeps the host:port form, with port 0 since the
// client's port is unknown ("203.0.113.7:0", "[2001:db8::1]:0"), so that
// code calling net.SplitHostPort on it keeps working. RealIP changes the
// request in place. It panics if a trusted proxy does not parse; use
// [ParseTrustedProxies] to check a list first.
func RealIP(cfg RealIPConfig) func(http.Handler) http.Handler {
	trusted, err := ParseTrustedProxies(cfg.TrustedProxies)
	if err != nil {
		panic(err)
	}
	header := textproto.CanonicalMIMEHeaderKey(cfg.Header)
	if header == "" {
		header = "X-Forwarded-For"
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if len(trusted) > 0 {
				if ip, ok := clientIP(r, header, trusted); ok {
					r.RemoteAddr = netip.AddrPortFrom(ip, 0).String()
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// ParseTrustedProxies parses IP addresses and CIDR prefixes into prefixes;
// an address becomes a prefix holding just it. IPv4-mapped IPv6 addresses
// are taken as IPv4.
func ParseTrustedProxies(list []string) ([]netip.Prefix, error) {
	prefixes := make([]netip.Prefix, 0, len(list))
	for _, s := range list {
		s = strings.TrimSpace(s)
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("middleware: trusted proxy %q is not a valid CIDR prefix: %w", s, err)
			}
			if p.Addr().Is4In6() && p.Bits() >= 96 {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			prefixes = append(prefixes, p.Masked())
			continue
		}
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("middleware: trusted proxy %q is not a valid IP address or CIDR prefix: %w", s, err)
		}
		ip = ip.Unmap().WithZone("")
		prefixes = append(prefixes, netip.PrefixFrom(ip, ip.BitLen()))
	}
	return prefixes, nil
}

func isTrusted(ip netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// remoteIP parses r.RemoteAddr, which net/http sets to "ip:port".
func remoteIP(remoteAddr string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(remoteAddr); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	ip, err := netip.ParseAddr(remoteAddr)
	return ip.Unmap().WithZone(""), err == nil
}

// clientIP returns the client's address if the peer is trusted and the
// header names one.
func clientIP(r *http.Request, header string, trusted []netip.Prefix) (netip.Addr, bool) {
	peer, ok := remoteIP(r.RemoteAddr)
	if !ok || !isTrusted(peer, trusted) {
		return netip.Addr{}, false
	}
	values := r.Header[header]
	if len(values) == 0 {
		return netip.Addr{}, false
	}
	switch header {
	case "X-Forwarded-For":
		return rightmostUntrusted(values, trusted, splitForwardedFor)
	case "Forwarded":
		return rightmostUntrusted(values, trusted, splitForwarded)
	default:
		ip, err := netip.ParseAddr(textproto.TrimString(values[len(values)-1]))
		return ip.Unmap().WithZone(""), err == nil
	}
}

// rightmostUntrusted walks the addresses of all header lines, last first.
// split returns the last entry of a line and the rest of it.
func rightmostUntrusted(values []string, trusted []netip.Prefix, split func(string) (string, string)) (netip.Addr, bool) {
	var leftmost netip.Addr
	for i := len(values) - 1; i >= 0; i-- {
		for rest := values[i]; rest != ""; {
			var entry string
			entry, rest = split(rest)
			ip, ok := parseNode(entry)
			if !ok {
				return netip.Addr{}, false
			}
			if !isTrusted(ip, trusted) {
				return ip, true
			}
			leftmost = ip
		}
	}
	return leftmost, leftmost.IsValid()
}

// splitForwardedFor splits "a, b, c" into "c" and "a, b".
func splitForwardedFor(s string) (last, rest string) {
	i := strings.LastIndexByte(s, ',')
	if i < 0 {
		return textproto.TrimString(s), ""
	}
	return textproto.TrimString(s[i+1:]), s[:i]
}

// splitForwarded takes the last element of an RFC 7239 Forwarded value,
// such as `for=192.0.2.43, for="[2001:db8::1]:4711";proto=https`, and returns
// its for= node and the rest. A quoted string may hold commas and
// semicolons, so elements are split outside quotes only.
func splitForwarded(s string) (node, rest string) {
	inQuote := false
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case '"':
			inQuote = !inQuote
		case ',':
			if !inQuote {
				return forParam(s[i+1:]), s[:i]
			}
		}
	}
	return forParam(s), ""
}

// forParam returns the for= value of one Forwarded element, unquoted, or ""
// if it has none.
func forParam(element string) string {
	for element != "" {
		var pair string
		pair, element = cutUnquoted(element, ';')
		name, value, _ := strings.Cut(pair, "=")
		if strings.EqualFold(textproto.TrimString(name), "for") {
			value = textproto.TrimString(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			}
			return value
		}
	}
	return ""
}

// cutUnquoted is strings.Cut that ignores sep inside double quotes.
func cutUnquoted(s string, sep byte) (before, after string) {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			inQuote = !inQuote
		case sep:
			if !inQuote {
				return s[:i], s[i+1:]
			}
		}
	}
	return s, ""
}

// parseNode parses an address as forwarding headers write it: "192.0.2.1",
// "192.0.2.1:80", "2001:db8::1", "[2001:db8::1]" or "[2001:db8::1]:80".
func parseNode(s string) (netip.Addr, bool) {
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
