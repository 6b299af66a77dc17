package pylontest

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
)

// remoteAddr is the client address handlers see, from the TEST-NET-1
// block as in httptest.NewRequest.
const remoteAddr = "192.0.2.1:1234"

// transport is an http.RoundTripper that serves each request with a
// handler in the calling goroutine, so that http.Client's cookie jar and
// redirect handling work unchanged. It records every response it returns,
// redirects included, for the Response's chain.
type transport struct {
	h      http.Handler
	client *Client
	chain  []*Response // http.Client calls RoundTrip once at a time
}

func (rt *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close() // a RoundTripper closes the body
	}
	rec := httptest.NewRecorder()
	aborted := serve(rt.h, rec, serverRequest(req))
	res := rec.Result()
	res.Request = req
	body := rec.Body.String()
	if req.Method == http.MethodHead {
		body = "" // a server sends no body for HEAD, whatever the handler wrote
	}
	rt.chain = append(rt.chain, &Response{
		Code:    res.StatusCode,
		Status:  res.Status,
		Header:  res.Header,
		Body:    body,
		Request: req,
		Aborted: aborted,
		client:  rt.client,
		t:       rt.client.t,
	})
	return res, nil
}

// serve runs h and reports whether it aborted the response with
// http.ErrAbortHandler, which net/http's server would recover; any other
// panic goes on up to the test.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) (aborted bool) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			aborted = true
		}
	}()
	h.ServeHTTP(w, r)
	return false
}

// serverRequest turns a client request into what a handler behind
// net/http's server would see: a URL holding only the path and query,
// RequestURI, Host, RemoteAddr, a non-nil Body, and TLS state for https.
func serverRequest(req *http.Request) *http.Request {
	r := req.Clone(req.Context())
	r.RequestURI = req.URL.RequestURI()
	r.URL = &url.URL{Path: req.URL.Path, RawPath: req.URL.RawPath, RawQuery: req.URL.RawQuery}
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	r.RemoteAddr = remoteAddr
	r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/1.1", 1, 1
	if r.Body == nil {
		r.Body = http.NoBody
	}
	r.GetBody = nil
	if req.URL.Scheme == "https" {
		r.TLS = &tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true, ServerName: req.URL.Hostname()}
	}
	return r
}
