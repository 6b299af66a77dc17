package forwarded

import "strings"

// This file parses the Forwarded header of RFC 7239:
//
//	Forwarded: for=192.0.2.43;proto=https, for="[2001:db8::17]:4711";host="example.com:8443"
//
// A line is a comma-separated list of elements, an element is a
// semicolon-separated list of name=value pairs, and a value is a token or
// a quoted string, in which commas and semicolons are text and a
// backslash escapes the next character.

// lastElement splits a Forwarded line into its last element and the text
// before the comma that ends it. It reads from the right, so that a
// client's malformed elements, which come first, cannot change where the
// proxy's element begins. ok is false if a quoted string has no opening
// quote.
func lastElement(s string) (elem, rest string, ok bool) {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ',':
			return s[i+1:], s[:i], true
		case '"':
			if i = openingQuote(s[:i]); i < 0 {
				return "", "", false
			}
		}
	}
	return s, "", true
}

// openingQuote returns the index of the quote that opens the quoted
// string whose closing quote is at len(s), or -1. Inside a quoted string
// a backslash comes only in pairs with the character after it, so a quote
// is escaped exactly when an odd number of backslashes precedes it.
func openingQuote(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] != '"' {
			continue
		}
		j := i
		for j > 0 && s[j-1] == '\\' {
			j--
		}
		if (i-j)%2 == 0 {
			return i
		}
		i = j
	}
	return -1
}

// param returns the value of the parameter name (case-insensitive) in a
// Forwarded element, unquoted. ok is false if the element lacks the
// parameter, names it twice (RFC 7239 allows each once), or is not
// well-formed; such an element tells nothing that can be relied on.
// Spaces around the semicolons are tolerated, as proxies write them.
func param(elem, name string) (value string, ok bool) {
	found := false
	for s := elem; ; {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return value, found
		}
		if s[0] == ';' {
			s = s[1:]
			continue
		}
		eq := strings.IndexByte(s, '=')
		if eq < 0 || !isToken(s[:eq]) {
			return "", false
		}
		k := s[:eq]
		var v string
		var good bool
		if v, s, good = paramValue(s[eq+1:]); !good {
			return "", false
		}
		if strings.EqualFold(k, name) {
			if found {
				return "", false
			}
			value, found = v, true
		}
		s = strings.TrimLeft(s, " \t")
		if s != "" && s[0] != ';' {
			return "", false
		}
	}
}

// paramValue reads the value at the start of s, a token or a quoted
// string, and returns it unquoted with the rest of s.
func paramValue(s string) (value, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	if s[0] != '"' {
		i := 0
		for i < len(s) && s[i] != ';' && s[i] != ' ' && s[i] != '\t' {
			if s[i] <= ' ' || s[i] >= 0x7f || s[i] == '"' || s[i] == '\\' {
				return "", "", false
			}
			i++
		}
		if i == 0 {
			return "", "", false
		}
		return s[:i], s[i:], true
	}
	// A quoted string. Text is copied only once an escape needs it.
	var b []byte
	escaped := false
	from := 1
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			if !escaped {
				return s[1:i], s[i+1:], true
			}
			return string(append(b, s[from:i]...)), s[i+1:], true
		case c == '\\':
			if i+1 == len(s) || !isQuotedText(s[i+1]) {
				return "", "", false
			}
			b = append(b, s[from:i]...)
			escaped = true
			i++
			from = i
		case !isQuotedText(c):
			return "", "", false
		}
	}
	return "", "", false
}

// isQuotedText reports whether c may appear in a quoted string: anything
// but control characters other than tab.
func isQuotedText(c byte) bool { return c >= ' ' && c != 0x7f || c == '\t' }

// isToken reports whether s is an RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || !tchar[c] {
			return false
		}
	}
	return true
}

var tchar = [128]bool{
	'!': true, '#': true, '$': true, '%': true, '&': true, '\'': true, '*': true,
	'+': true, '-': true, '.': true, '^': true, '_': true, '`': true, '|': true, '~': true,
	'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true,
	'A': true, 'B': true, 'C': true, 'D': true, 'E': true, 'F': true, 'G': true, 'H': true, 'I': true,
	'J': true, 'K': true, 'L': true, 'M': true, 'N': true, 'O': true, 'P': true, 'Q': true, 'R': true,
	'S': true, 'T': true, 'U': true, 'V': true, 'W': true, 'X': true, 'Y': true, 'Z': true,
	'a': true, 'b': true, 'c': true, 'd': true, 'e': true, 'f': true, 'g': true, 'h': true, 'i': true,
	'j': true, 'k': true, 'l': true, 'm': true, 'n': true, 'o': true, 'p': true, 'q': true, 'r': true,
	's': true, 't': true, 'u': true, 'v': true, 'w': true, 'x': true, 'y': true, 'z': true,
}
