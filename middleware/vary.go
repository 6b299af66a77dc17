package middleware

import (
	"net/http"
	"net/textproto"
	"strings"
)

// addVary adds token to the Vary header unless it, or "*", is already there,
// so that stacked middleware does not repeat itself.
func addVary(h http.Header, token string) {
	for _, v := range h["Vary"] {
		for v != "" {
			var t string
			t, v, _ = strings.Cut(v, ",")
			t = textproto.TrimString(t)
			if t == "*" || strings.EqualFold(t, token) {
				return
			}
		}
	}
	h.Add("Vary", token)
}
