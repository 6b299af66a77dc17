package render

import (
	"fmt"
	"html/template"
)

// CSRF coordination with the CSRF middleware: the middleware stores the
// request's token with c.Set(CSRFTokenKey, token) and reads submitted
// forms' CSRFFieldName field; the [Renderer] puts the token in map data as
// "CSRFToken", and templates write {{csrfField .CSRFToken}} in each form.
const (
	// CSRFTokenKey is the Context key (c.Set, c.Get) of the request's CSRF
	// token, a string.
	CSRFTokenKey = "pylon.csrf_token"

	// CSRFFieldName is the name of the form field that carries the token.
	CSRFFieldName = "csrf_token"
)

// CSRFField returns the hidden input that carries a CSRF token in a form:
// <input type="hidden" name="csrf_token" value="...">. The token may be a
// string or a fmt.Stringer; a nil or empty token gives an empty string, so
// a page rendered without the CSRF middleware still renders.
func CSRFField(token any) template.HTML {
	var s string
	switch t := token.(type) {
	case nil:
	case string:
		s = t
	case fmt.Stringer:
		s = t.String()
	default:
		s = fmt.Sprint(t)
	}
	if s == "" {
		return ""
	}
	return template.HTML(`<input type="hidden" name="` + CSRFFieldName + `" value="` + template.HTMLEscapeString(s) + `">`)
}
