package route

import (
	"path"
	"strings"
)

// The tree compares paths in a canonical form: every percent-escape is
// decoded except %2F and %25, which stay (in upper case) so that an escaped
// slash never acts as a separator and an escaped '%' is decoded only once,
// when the parameter value is produced. A path without '%' is already
// canonical, which is why the common case allocates nothing.

// canonicalize returns the canonical form of an escaped path, or false if
// the path has a malformed escape.
func canonicalize(p string) (string, bool) {
	b := make([]byte, 0, len(p))
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		if i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2]) {
			return "", false
		}
		d := unhex(p[i+1])<<4 | unhex(p[i+2])
		switch d {
		case '/':
			b = append(b, "%2F"...)
		case '%':
			b = append(b, "%25"...)
		default:
			b = append(b, d)
		}
		i += 2
	}
	return string(b), true
}

// canonicalLiteral turns a decoded literal segment into canonical form.
func canonicalLiteral(s string) string {
	if !strings.ContainsAny(s, "%/") {
		return s
	}
	s = strings.ReplaceAll(s, "%", "%25")
	return strings.ReplaceAll(s, "/", "%2F")
}

// decodeCanonical decodes the escapes left in a canonical string.
func decodeCanonical(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

// isClean reports whether p has no empty, "." or ".." segment (a trailing
// slash is fine).
func isClean(p string) bool {
	if !strings.Contains(p, "/.") {
		return !strings.Contains(p, "//")
	}
	for i := 0; i < len(p); i++ {
		if p[i] != '/' {
			continue
		}
		rest := p[i+1:]
		if rest == "" {
			return true
		}
		switch rest[0] {
		case '/':
			return false
		case '.':
			if len(rest) == 1 || rest[1] == '/' {
				return false
			}
			if rest[1] == '.' && (len(rest) == 2 || rest[2] == '/') {
				return false
			}
		}
	}
	return true
}

// cleanPath is path.Clean that keeps a trailing slash, as ServeMux does.
func cleanPath(p string) string {
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

// escapeCanonical escapes a canonical path for a Location header. The '%'
// bytes left are valid escapes, so they stay.
func escapeCanonical(p string) string {
	n := 0
	for i := 0; i < len(p); i++ {
		if !pathByteOK(p[i]) {
			n++
		}
	}
	if n == 0 {
		return p
	}
	b := make([]byte, 0, len(p)+2*n)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if pathByteOK(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		}
	}
	return string(b)
}

func pathByteOK(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/%", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
