package forwarded

import (
	"net/http"
	"net/netip"
	"net/textproto"
	"strings"
)

// Host returns the host the nearest proxy reports the client asked for:
// the rightmost element of X-Forwarded-Host or, when the request has
// neither X-Forwarded-Host nor X-Forwarded-Proto, host= of the last
// Forwarded element. It reports false when that header or parameter is
// absent, when the Forwarded element is malformed, and when the value is
// not a valid host: a DNS name or IPv4 address, or an IPv6 address in
// brackets, with an optional port. A slash, userinfo ("user@"), a zone,
// spaces or any other character outside hostnames make it invalid, so
// that the result can be put between "https://" and a path as it is.
func Host(h http.Header) (string, bool) {
	v, ok := fromProxy(h, "X-Forwarded-Host", "host")
	if !ok || !validHost(v) {
		return "", false
	}
	return v, true
}

// Proto returns the scheme the nearest proxy reports the client used,
// "http" or "https", from the rightmost element of X-Forwarded-Proto or,
// when the request has neither X-Forwarded-Proto nor X-Forwarded-Host,
// proto= of the last Forwarded element. Case is ignored. It reports false
// when that header or parameter is absent or holds any other value.
func Proto(h http.Header) (string, bool) {
	v, ok := fromProxy(h, "X-Forwarded-Proto", "proto")
	switch {
	case !ok:
		return "", false
	case strings.EqualFold(v, "https"):
		return "https", true
	case strings.EqualFold(v, "http"):
		return "http", true
	}
	return "", false
}

// fromProxy returns the rightmost value of the legacy header or, if the
// request has no X-Forwarded-Host or X-Forwarded-Proto, the parameter
// name of the last Forwarded element.
func fromProxy(h http.Header, legacy, name string) (string, bool) {
	if len(h["X-Forwarded-Host"]) > 0 || len(h["X-Forwarded-Proto"]) > 0 {
		return last(h[legacy], lastListElement)
	}
	elem, ok := last(h["Forwarded"], lastElement)
	if !ok {
		return "", false
	}
	return param(elem, name)
}

// last returns the rightmost non-empty element of lines, trimmed.
func last(lines []string, split func(string) (elem, rest string, ok bool)) (string, bool) {
	for i := len(lines) - 1; i >= 0; i-- {
		for rest := lines[i]; rest != ""; {
			var elem string
			var ok bool
			if elem, rest, ok = split(rest); !ok {
				return "", false
			}
			if elem = textproto.TrimString(elem); elem != "" {
				return elem, true
			}
		}
	}
	return "", false
}

// validHost reports whether s is host[:port] as it may stand in a URL's
// authority: a DNS name (letters, digits, '-', '_', dot-separated labels
// of at most 63 bytes, at most 253 in all, one trailing dot allowed, the
// last label not starting with a digit), a dotted-decimal IPv4 address,
// or an IPv6 address in brackets without a zone; and, after a colon, a
// decimal port up to 65535.
func validHost(s string) bool {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return false
		}
		ip, err := netip.ParseAddr(s[1:end])
		if err != nil || !ip.Is6() || ip.Zone() != "" {
			return false
		}
		port, hasPort := strings.CutPrefix(s[end+1:], ":")
		if !hasPort {
			return end+1 == len(s)
		}
		return validPort(port)
	}
	name := s
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if !validPort(s[i+1:]) {
			return false
		}
		name = s[:i]
	}
	return validHostname(name)
}

func validHostname(s string) bool {
	name := strings.TrimSuffix(s, ".")
	if !validName(name) {
		return false
	}
	// Browsers read a name whose last label is numeric as an IPv4
	// address, in forms like "1.2.3" or "0x7f.1"; allow only the usual one.
	if last := name[strings.LastIndexByte(name, '.')+1:]; '0' <= last[0] && last[0] <= '9' {
		ip, err := netip.ParseAddr(s)
		return err == nil && ip.Is4()
	}
	return true
}

func validName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

func validPort(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n <= 65535
}
