package pylontest

import (
	"net/http"
	"net/url"
)

// Cookies returns the cookies that the jar would send with a request for
// path, resolved against the base URL. As net/http/cookiejar keeps them,
// they carry only a Name and a Value.
func (c *Client) Cookies(path string) []*http.Cookie {
	c.t.Helper()
	if c.Jar == nil {
		return nil
	}
	return c.Jar.Cookies(c.jarURL(path))
}

// Cookie returns the value of the cookie named name that the jar would
// send with a request for the base URL's root, or "" if there is none.
func (c *Client) Cookie(name string) string {
	c.t.Helper()
	for _, ck := range c.Cookies("/") {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// SetCookie puts cookies into the jar as if the handler had set them in
// a response to a request for the base URL's root, so that later requests
// carry them. It fails the test if Jar is nil.
func (c *Client) SetCookie(cookies ...*http.Cookie) {
	c.t.Helper()
	if c.Jar == nil {
		c.t.Fatal("pylontest: SetCookie with a nil Client.Jar")
		return
	}
	c.Jar.SetCookies(c.jarURL("/"), cookies)
}

func (c *Client) jarURL(path string) *url.URL {
	c.t.Helper()
	u, err := url.Parse(c.URL(path))
	if err != nil {
		c.t.Fatalf("pylontest: %v", err)
		return c.baseURL()
	}
	return u
}
