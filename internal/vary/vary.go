// Package vary adds tokens to a response's Vary header without repeating
// them, for the middleware and packages that each add their own.
package vary

import (
	"net/http"
	"net/textproto"
	"strings"
)

// Add adds token to the Vary header of h unless it, or "*", is already
// there, so that stacked middleware (CSRF and sessions both vary on
// Cookie) does not repeat itself.
func Add(h http.Header, token string) {
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
