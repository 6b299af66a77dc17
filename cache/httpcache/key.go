package httpcache

import (
	"net/http"
	"net/textproto"
	"slices"
	"strings"
)

// baseKey is the key of a GET request before Vary: host and request URI.
// A HEAD request looks up the GET key.
func baseKey(r *http.Request) string {
	return "GET " + r.Host + r.URL.RequestURI()
}

// varyNames returns the canonical header names of the Vary header,
// sorted; star reports "Vary: *".
func varyNames(h http.Header) (names []string, star bool) {
	for _, line := range h.Values("Vary") {
		for name := range strings.SplitSeq(line, ",") {
			name = strings.TrimSpace(name)
			if name == "*" {
				return nil, true
			}
			if name != "" {
				names = append(names, textproto.CanonicalMIMEHeaderKey(name))
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names), false
}

// variantKey is the key of the response to r among those that vary by
// names.
func variantKey(base string, names []string, r *http.Request) string {
	var b strings.Builder
	b.WriteString(base)
	for _, name := range names {
		b.WriteString("\n")
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(strings.Join(r.Header.Values(name), ", "))
	}
	return b.String()
}
