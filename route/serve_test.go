package route_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pylonweb/pylon/route"
)

func TestServeHTTP(t *testing.T) {
	rt := &route.Router{RedirectTrailingSlash: true}
	var seen *http.Request
	echo := func(w http.ResponseWriter, r *http.Request) {
		seen = r
		fmt.Fprintf(w, "%s id=%s path=%s", r.Pattern, r.PathValue("id"), r.PathValue("path"))
	}
	rt.HandleFunc("GET", "/users/{id}", echo)
	rt.HandleFunc("POST", "/users", echo)
	rt.HandleFunc("", "/files/{path...}", echo)
	tests := []struct {
		method, target string
		code           int
		body, header   string // header is "Name: value"
	}{
		{"GET", "/users/42", 200, "GET /users/{id} id=42 path=", ""},
		{"GET", "/users/a%2Fb", 200, "GET /users/{id} id=a/b path=", ""},
		{"HEAD", "/users/42", 200, "GET /users/{id} id=42 path=", ""}, // the recorder keeps a HEAD body
		{"PUT", "/files/a/b", 200, "/files/{path...} id= path=a/b", ""},
		{"DELETE", "/users/42", 405, "405 method not allowed\n", "Allow: GET, HEAD, OPTIONS"},
		{"OPTIONS", "/users/42", 204, "", "Allow: GET, HEAD, OPTIONS"},
		{"GET", "/users/42/", 301, "", "Location: /users/42"},
		{"GET", "/users//42?a=1&b=2", 301, "", "Location: /users/42?a=1&b=2"},
		{"POST", "/users/?x=1", 308, "", "Location: /users?x=1"},
		{"GET", "/nope", 404, "404 page not found\n", ""},
		{"GET", "users", 400, "400 bad request: malformed path\n", ""},
	}
	for _, tt := range tests {
		seen = nil
		var req *http.Request
		if tt.target == "users" { // NewRequest cannot make it; build it by hand
			req = httptest.NewRequest("GET", "/", nil)
			req.URL.Path = "users"
		} else {
			req = httptest.NewRequest(tt.method, "http://x"+tt.target, nil)
		}
		w := httptest.NewRecorder()
		rt.ServeHTTP(w, req)
		if w.Code != tt.code || w.Body.String() != tt.body {
			t.Errorf("%s %s = %d %q, want %d %q", tt.method, tt.target, w.Code, w.Body, tt.code, tt.body)
		}
		if tt.header != "" {
			name, value, _ := cut(tt.header)
			if got := w.Header().Get(name); got != value {
				t.Errorf("%s %s: %s = %q, want %q", tt.method, tt.target, name, got, value)
			}
		}
		if tt.code == 200 && seen != req {
			t.Errorf("%s %s: handler got a different *http.Request", tt.method, tt.target)
		}
	}
}

func cut(h string) (string, string, bool) {
	for i := 0; i+1 < len(h); i++ {
		if h[i] == ':' && h[i+1] == ' ' {
			return h[:i], h[i+2:], true
		}
	}
	return h, "", false
}

func TestServeHTTPCustomHandlers(t *testing.T) {
	rt := &route.Router{
		NotFound: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(418)
		}),
		MethodNotAllowed: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "allow=", w.Header().Get("Allow"))
		}),
	}
	rt.Handle("PUT", "/x", noop)
	w := httptest.NewRecorder()
	rt.ServeHTTP(w, httptest.NewRequest("GET", "/y", nil))
	if w.Code != 418 {
		t.Errorf("NotFound handler: code %d", w.Code)
	}
	w = httptest.NewRecorder()
	rt.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
	if w.Body.String() != "allow=PUT, OPTIONS" {
		t.Errorf("MethodNotAllowed handler: body %q", w.Body)
	}
}
