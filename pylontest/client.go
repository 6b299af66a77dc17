package pylontest

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
)

// DefaultBaseURL is the URL that request paths are resolved against when
// Client.BaseURL is not set.
const DefaultBaseURL = "http://example.com"

// Client sends requests to an http.Handler in the same process and
// returns their responses for assertions. Create one with New.
//
// Each request is served by calling the handler's ServeHTTP in the calling
// goroutine, whatever the request's host, through an http.Client whose
// transport is the handler: cookies and redirects work as in net/http.
// The handler sees what it would see behind net/http's server: a
// RequestURI, Host, a RemoteAddr of 192.0.2.1:1234, and TLS state when the
// URL is https. A handler that never returns (an endless stream, a
// WebSocket) blocks the request; test those with a real server from
// net/http/httptest.
//
// A Client's methods may be called concurrently once its fields are set;
// the cookie jar is shared by all requests. Methods that fail the test do
// so with t.Fatalf, from the calling goroutine.
type Client struct {
	// BaseURL is the scheme and host that request paths are resolved
	// against, such as "https://shop.example". An https base URL makes the
	// handler see a TLS request, so that Secure cookies round trip. If not
	// set, DefaultBaseURL.
	BaseURL string

	// Header holds headers sent with every request that does not set them
	// itself, such as Accept or Authorization. If not set, requests carry
	// only the headers their method adds.
	Header http.Header

	// FollowRedirects makes the client follow 3xx responses with a
	// Location, as a browser does; the final Response keeps the chain in
	// Redirects. Set it to false to inspect a redirect itself. New sets it
	// to true.
	FollowRedirects bool

	// MaxRedirects is how many redirects a request may follow before the
	// test fails. If not set, 10.
	MaxRedirects int

	// Jar stores the cookies the handler sets and sends them back. If nil,
	// requests carry no cookies but those they set themselves. New sets it
	// to an empty net/http/cookiejar.
	Jar http.CookieJar

	t testing.TB
	h http.Handler
}

// New returns a Client that sends requests to h, reports failures to t,
// follows redirects and keeps cookies in a fresh jar.
func New(t testing.TB, h http.Handler) *Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatalf("pylontest: cookie jar: %v", err)
	}
	return &Client{t: t, h: h, Jar: jar, FollowRedirects: true}
}

// T returns the testing.TB that the client reports failures to.
func (c *Client) T() testing.TB { return c.t }

func (c *Client) baseURL() *url.URL {
	raw := c.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		c.t.Helper()
		c.t.Fatalf("pylontest: Client.BaseURL %q is not an absolute URL", raw)
		return &url.URL{Scheme: "http", Host: "example.com"}
	}
	return u
}

// URL resolves a path, or a URL relative to the base URL, into an
// absolute URL, as the request methods do.
func (c *Client) URL(path string) string {
	c.t.Helper()
	ref, err := url.Parse(path)
	if err != nil {
		c.t.Fatalf("pylontest: bad URL %q: %v", path, err)
		return path
	}
	return c.baseURL().ResolveReference(ref).String()
}
