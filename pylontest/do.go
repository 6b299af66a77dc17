package pylontest

import (
	"fmt"
	"net/http"
)

// Do sends req to the handler and returns the final response, after
// following redirects if FollowRedirects is set. A relative req.URL is
// resolved against the base URL, so requests from httptest.NewRequest
// work too; headers in Client.Header are added where req has none. Do
// fails the test if the request cannot be made or its redirects loop.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	req = c.prepare(req)
	rt := &transport{h: c.h, client: c}
	hc := &http.Client{Transport: rt, Jar: c.Jar, CheckRedirect: c.checkRedirect}
	res, err := hc.Do(req)
	if res != nil {
		res.Body.Close()
	}
	if err != nil {
		msg := fmt.Sprintf("pylontest: %s %s: %v", req.Method, req.URL, err)
		if len(rt.chain) > 0 {
			msg += "\nredirects: " + chainString(rt.chain)
		}
		c.t.Fatal(msg)
		return &Response{t: c.t, client: c, Request: req}
	}
	final := rt.chain[len(rt.chain)-1]
	final.Redirects = rt.chain[:len(rt.chain)-1]
	return final
}

// prepare returns a copy of req ready for http.Client: an absolute URL,
// no RequestURI (which only server requests carry) and the default
// headers.
func (c *Client) prepare(req *http.Request) *http.Request {
	c.t.Helper()
	req = req.Clone(req.Context())
	req.RequestURI = ""
	if !req.URL.IsAbs() {
		req.URL = c.baseURL().ResolveReference(req.URL)
		req.Host = ""
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	for k, v := range c.Header {
		if _, ok := req.Header[k]; !ok {
			req.Header[k] = append([]string(nil), v...)
		}
	}
	return req
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if !c.FollowRedirects {
		return http.ErrUseLastResponse
	}
	limit := c.MaxRedirects
	if limit <= 0 {
		limit = 10
	}
	if len(via) > limit {
		return fmt.Errorf("stopped after %d redirects", limit)
	}
	return nil
}
