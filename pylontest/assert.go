package pylontest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// MustStatus fails the test unless the status code is code and neither
// the response nor a redirect on the way to it was aborted after it
// started (see Response.Aborted).
func (r *Response) MustStatus(code int) *Response {
	r.t.Helper()
	switch {
	case r.Code != code:
		r.fail("MustStatus: got %s, want %d %s", r.statusLine(), code, http.StatusText(code))
	case r.Aborted:
		r.fail("MustStatus: got %s, but the handler then aborted the response (see the log): a client would see it cut off", r.statusLine())
	default:
		for _, red := range r.Redirects {
			if red.Aborted {
				r.fail("MustStatus: got %s, but the redirect from %s was aborted after it started (see the log): a client would have failed there", r.statusLine(), red.Request.URL)
				break
			}
		}
	}
	return r
}

// MustContain fails the test unless the body contains each of s.
func (r *Response) MustContain(s ...string) *Response {
	r.t.Helper()
	var missing []string
	for _, x := range s {
		if !strings.Contains(r.Body, x) {
			missing = append(missing, x)
		}
	}
	if len(missing) > 0 {
		r.fail("MustContain: the body does not contain %s", quoteAll(missing))
	}
	return r
}

// MustNotContain fails the test if the body contains any of s.
func (r *Response) MustNotContain(s ...string) *Response {
	r.t.Helper()
	var found []string
	for _, x := range s {
		if strings.Contains(r.Body, x) {
			found = append(found, x)
		}
	}
	if len(found) > 0 {
		r.fail("MustNotContain: the body contains %s", quoteAll(found))
	}
	return r
}

// MustHeader fails the test unless the header name has value among its
// values.
func (r *Response) MustHeader(name, value string) *Response {
	r.t.Helper()
	got := r.Header.Values(name)
	if !slices.Contains(got, value) {
		if len(got) == 0 {
			r.fail("MustHeader: no %s header, want %q", http.CanonicalHeaderKey(name), value)
		} else {
			r.fail("MustHeader: %s is %s, want %q", http.CanonicalHeaderKey(name), quoteAll(got), value)
		}
	}
	return r
}

// JSON decodes the body into v, failing the test, with the body in the
// message, if it is not JSON that fits v.
func (r *Response) JSON(v any) *Response {
	r.t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		r.fail("JSON: decoding the body into %T: %v", v, err)
	}
	return r
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}
