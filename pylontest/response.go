package pylontest

import (
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Response is a response from the handler, read in full, with assertions
// that fail the test. The Must methods return the Response, so that they
// chain:
//
//	c.Get("/").MustStatus(200).MustContain("Welcome")
//
// A Response may be read from several goroutines; its assertions fail the
// test with t.Fatalf, so call them from the test's goroutine.
type Response struct {
	// Code is the status code, such as 200.
	Code int
	// Status is the status line's text, such as "200 OK".
	Status string
	// Header is the response's header.
	Header http.Header
	// Body is the response's body. It is empty for HEAD requests.
	Body string
	// Request is the request that produced the response, with the
	// absolute URL that links and forms in the page resolve against.
	Request *http.Request
	// Redirects are the redirect responses that were followed to reach
	// this one, oldest first; empty if there were none.
	Redirects []*Response
	// Aborted reports that the handler cut the response off after it had
	// started, by panicking with http.ErrAbortHandler, as a Pylon App
	// does when a handler fails after writing. A real client would see
	// the connection close in the middle of the body; Code, Header and
	// Body hold what was written before.
	Aborted bool

	t      testing.TB
	client *Client

	docOnce sync.Once
	doc     *goquery.Document
}

// URL returns the URL that the response came from, after redirects.
func (r *Response) URL() *url.URL {
	if r.Request == nil {
		return &url.URL{}
	}
	return r.Request.URL
}

// Location returns the Location header as the handler wrote it, or "" if
// there is none. Set Client.FollowRedirects to false to see a redirect's.
func (r *Response) Location() string { return r.Header.Get("Location") }

// Cookies returns the cookies that the response sets with Set-Cookie.
func (r *Response) Cookies() []*http.Cookie {
	return (&http.Response{Header: r.Header}).Cookies()
}

// Cookie returns the cookie named name that the response sets, or nil.
func (r *Response) Cookie(name string) *http.Cookie {
	for _, ck := range r.Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// Follow follows the response's redirect with a GET, resolving Location
// against the response's URL. It fails the test if the response has no
// Location. Use it with FollowRedirects off, as WebTest's follow.
func (r *Response) Follow() *Response {
	r.t.Helper()
	loc := r.Location()
	if loc == "" {
		r.fail("Follow: the response has no Location header")
		return r
	}
	ref, err := url.Parse(loc)
	if err != nil {
		r.fail("Follow: bad Location %q: %v", loc, err)
		return r
	}
	return r.client.Get(r.URL().ResolveReference(ref).String())
}
