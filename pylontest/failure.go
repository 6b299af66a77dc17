package pylontest

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// bodyLimit is how much of a body a failure message shows.
const bodyLimit = 1024

// fail stops the test with a message followed by a description of the
// response: request, redirects, status, headers and the first part of
// the body.
func (r *Response) fail(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("%s\n%s", fmt.Sprintf(format, args...), r.describe())
}

// describe formats the response for a failure message.
func (r *Response) describe() string {
	var b strings.Builder
	if r.Request != nil {
		fmt.Fprintf(&b, "request: %s %s\n", r.Request.Method, r.Request.URL)
	}
	if len(r.Redirects) > 0 {
		fmt.Fprintf(&b, "redirects: %s\n", chainString(r.Redirects))
	}
	fmt.Fprintf(&b, "status: %s\n", r.statusLine())
	if len(r.Header) > 0 {
		b.WriteString("header:\n")
		for _, k := range slices.Sorted(maps.Keys(r.Header)) {
			for _, v := range r.Header[k] {
				fmt.Fprintf(&b, "  %s: %s\n", k, v)
			}
		}
	}
	switch body := r.Body; {
	case body == "":
		b.WriteString("body: (empty)")
	case len(body) <= bodyLimit:
		fmt.Fprintf(&b, "body:\n%s", indent(body))
	default:
		cut := bodyLimit
		for cut > 0 && !utf8.RuneStart(body[cut]) {
			cut--
		}
		fmt.Fprintf(&b, "body (first %d of %d bytes):\n%s\n  ...", cut, len(body), indent(body[:cut]))
	}
	return b.String()
}

func (r *Response) statusLine() string {
	if r.Status != "" {
		return r.Status
	}
	if r.Code == 0 {
		return "no response"
	}
	return strconv.Itoa(r.Code) + " " + http.StatusText(r.Code)
}

// chainString lists responses as "POST /a (303) -> GET /b (302)".
func chainString(chain []*Response) string {
	parts := make([]string, len(chain))
	for i, r := range chain {
		parts[i] = "(" + strconv.Itoa(r.Code) + ")"
		if r.Request != nil {
			parts[i] = r.Request.Method + " " + r.Request.URL.RequestURI() + " " + parts[i]
		}
	}
	return strings.Join(parts, " -> ")
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}
