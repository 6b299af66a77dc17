package pylontest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// NewRequest returns a request for path, resolved against the base URL,
// for Do: set its headers first. It fails the test if method or path is
// invalid.
func (c *Client) NewRequest(method, path string, body io.Reader) *http.Request {
	c.t.Helper()
	req, err := http.NewRequest(method, c.URL(path), body)
	if err != nil {
		c.t.Fatalf("pylontest: %v", err)
		return httptestRequest(method)
	}
	return req
}

// Get sends a GET request for path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	return c.Do(c.NewRequest(http.MethodGet, path, nil))
}

// Head sends a HEAD request for path.
func (c *Client) Head(path string) *Response {
	c.t.Helper()
	return c.Do(c.NewRequest(http.MethodHead, path, nil))
}

// Post sends a POST request with a body of the given content type.
func (c *Client) Post(path, contentType string, body io.Reader) *Response {
	c.t.Helper()
	return c.send(http.MethodPost, path, contentType, body)
}

// PostForm sends a POST request with values encoded as an
// application/x-www-form-urlencoded body.
func (c *Client) PostForm(path string, values url.Values) *Response {
	c.t.Helper()
	return c.send(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(values.Encode()))
}

// PostJSON sends a POST request with v encoded as a JSON body.
func (c *Client) PostJSON(path string, v any) *Response {
	c.t.Helper()
	return c.sendJSON(http.MethodPost, path, v)
}

// Put sends a PUT request with a body of the given content type.
func (c *Client) Put(path, contentType string, body io.Reader) *Response {
	c.t.Helper()
	return c.send(http.MethodPut, path, contentType, body)
}

// PutJSON sends a PUT request with v encoded as a JSON body.
func (c *Client) PutJSON(path string, v any) *Response {
	c.t.Helper()
	return c.sendJSON(http.MethodPut, path, v)
}

// Patch sends a PATCH request with a body of the given content type.
func (c *Client) Patch(path, contentType string, body io.Reader) *Response {
	c.t.Helper()
	return c.send(http.MethodPatch, path, contentType, body)
}

// PatchJSON sends a PATCH request with v encoded as a JSON body.
func (c *Client) PatchJSON(path string, v any) *Response {
	c.t.Helper()
	return c.sendJSON(http.MethodPatch, path, v)
}

// Delete sends a DELETE request for path.
func (c *Client) Delete(path string) *Response {
	c.t.Helper()
	return c.Do(c.NewRequest(http.MethodDelete, path, nil))
}

func (c *Client) send(method, path, contentType string, body io.Reader) *Response {
	c.t.Helper()
	req := c.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return c.Do(req)
}

func (c *Client) sendJSON(method, path string, v any) *Response {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatalf("pylontest: %s %s: encoding the JSON body: %v", method, path, err)
		return &Response{t: c.t, client: c}
	}
	return c.send(method, path, "application/json", bytes.NewReader(b))
}

// httptestRequest stands in for a request that could not be made, when
// t.Fatalf did not stop the goroutine (a fake testing.TB).
func httptestRequest(method string) *http.Request {
	return &http.Request{Method: method, URL: &url.URL{}, Header: http.Header{}}
}
