package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pylonweb/pylon/middleware"
)

func TestCORS(t *testing.T) {
	example := middleware.CORSConfig{
		AllowedOrigins: []string{"https://example.com", "https://*.example.org"},
		AllowedMethods: []string{"GET", "PUT"},
		AllowedHeaders: []string{"Content-Type", "X-Token"},
		ExposedHeaders: []string{"X-Total"},
		MaxAge:         600,
	}
	credentials := example
	credentials.AllowCredentials = true

	tests := []struct {
		name        string
		cfg         middleware.CORSConfig
		method      string
		headers     map[string]string
		wantStatus  int
		wantReached bool
		want        map[string]string // "" means absent
	}{
		{"zero config actual", middleware.CORSConfig{}, "GET", map[string]string{"Origin": "https://a.test"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "*", "Vary": "Origin", "Access-Control-Allow-Credentials": ""}},
		{"no origin", example, "GET", nil, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "", "Vary": "Origin"}},
		{"allowed actual", example, "GET", map[string]string{"Origin": "https://example.com"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "https://example.com", "Access-Control-Expose-Headers": "X-Total"}},
		{"origin case-insensitive", example, "GET", map[string]string{"Origin": "https://EXAMPLE.com"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "https://EXAMPLE.com"}},
		{"wildcard subdomain", example, "GET", map[string]string{"Origin": "https://api.example.org"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "https://api.example.org"}},
		{"wildcard needs a subdomain", example, "GET", map[string]string{"Origin": "https://.example.org"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": ""}},
		{"suffix attack", example, "GET", map[string]string{"Origin": "https://example.com.evil.test"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Expose-Headers": ""}},
		{"disallowed actual", example, "GET", map[string]string{"Origin": "https://evil.test"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "", "Vary": "Origin"}},
		{"preflight", example, "OPTIONS", map[string]string{
			"Origin": "https://example.com", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type,x-token"}, 204, false,
			map[string]string{
				"Access-Control-Allow-Origin":  "https://example.com",
				"Access-Control-Allow-Methods": "GET, PUT",
				"Access-Control-Allow-Headers": "content-type,x-token",
				"Access-Control-Max-Age":       "600",
				"Vary":                         "Origin",
			}},
		{"preflight bad method", example, "OPTIONS", map[string]string{
			"Origin": "https://example.com", "Access-Control-Request-Method": "DELETE"}, 204, false,
			map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""}},
		{"preflight bad header", example, "OPTIONS", map[string]string{
			"Origin": "https://example.com", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "X-Other"}, 204, false,
			map[string]string{"Access-Control-Allow-Origin": ""}},
		{"preflight bad origin", example, "OPTIONS", map[string]string{
			"Origin": "https://evil.test", "Access-Control-Request-Method": "GET"}, 204, false,
			map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""}},
		{"plain OPTIONS reaches handler", example, "OPTIONS", map[string]string{"Origin": "https://example.com"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "https://example.com"}},
		{"credentials echo origin", credentials, "GET", map[string]string{"Origin": "https://example.com"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "https://example.com", "Access-Control-Allow-Credentials": "true"}},
		{"credentials with an origin func", middleware.CORSConfig{AllowCredentials: true, AllowOriginFunc: func(r *http.Request, o string) bool { return o == "https://a.test" }},
			"GET", map[string]string{"Origin": "https://a.test"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "https://a.test", "Access-Control-Allow-Credentials": "true"}},
		{"origin func", middleware.CORSConfig{AllowOriginFunc: func(r *http.Request, o string) bool { return o == "https://f.test" }},
			"GET", map[string]string{"Origin": "https://f.test"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": "https://f.test"}},
		{"origin func refuses", middleware.CORSConfig{AllowOriginFunc: func(r *http.Request, o string) bool { return false }},
			"GET", map[string]string{"Origin": "https://f.test"}, 200, true,
			map[string]string{"Access-Control-Allow-Origin": ""}},
		{"negative max age", middleware.CORSConfig{MaxAge: -1}, "OPTIONS", map[string]string{
			"Origin": "https://a.test", "Access-Control-Request-Method": "GET"}, 204, false,
			map[string]string{"Access-Control-Max-Age": "0", "Access-Control-Allow-Origin": "*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reached := false
			h := middleware.CORS(tt.cfg)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached = true }))
			req := httptest.NewRequest(tt.method, "/", nil)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := serve(h, req)
			if rec.Code != tt.wantStatus || reached != tt.wantReached {
				t.Errorf("status %d reached %v, want %d %v", rec.Code, reached, tt.wantStatus, tt.wantReached)
			}
			for k, v := range tt.want {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

// Credentials with every origin allowed would let any site read a
// logged-in user's responses: echoing the Origin turns "*" into "anyone,
// with cookies". CORS refuses that configuration when it is made.
func TestCORSCredentialsNeedNamedOrigins(t *testing.T) {
	for _, cfg := range []middleware.CORSConfig{
		{AllowCredentials: true},
		{AllowCredentials: true, AllowedOrigins: []string{"https://example.com", "*"}},
		{AllowCredentials: true, AllowedOrigins: []string{"*"}, AllowOriginFunc: func(*http.Request, string) bool { return false }},
		// Patterns whose "*" leaves the site open, not subdomains of a
		// named domain.
		{AllowCredentials: true, AllowedOrigins: []string{"https://*"}},
		{AllowCredentials: true, AllowedOrigins: []string{"https://*.example"}},
		{AllowCredentials: true, AllowedOrigins: []string{"https://example.*"}},
		{AllowCredentials: true, AllowedOrigins: []string{"*evil.example"}},
		{AllowCredentials: true, AllowedOrigins: []string{"https:*"}},
		{AllowCredentials: true, AllowedOrigins: []string{"https://:*"}},
		{AllowCredentials: true, AllowedOrigins: []string{"http://[::*"}},
		{AllowCredentials: true, AllowedOrigins: []string{"http://[:*"}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					h := middleware.CORS(cfg)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
					req := httptest.NewRequest("GET", "/", nil)
					req.Header.Set("Origin", "https://evil.example")
					rec := serve(h, req)
					t.Errorf("CORS(%+v) did not panic; evil origin got Allow-Origin %q, Allow-Credentials %q", cfg.AllowedOrigins,
						rec.Header().Get("Access-Control-Allow-Origin"), rec.Header().Get("Access-Control-Allow-Credentials"))
				}
			}()
			middleware.CORS(cfg)
		}()
	}
}

func TestCORSDoesNotChangeConfig(t *testing.T) {
	methods := []string{"get"}
	middleware.CORS(middleware.CORSConfig{AllowedMethods: methods})
	if methods[0] != "get" {
		t.Fatalf("caller's AllowedMethods changed to %q", methods)
	}
}

// With credentials, a "*" for subdomains of a named domain is allowed.
func TestCORSCredentialsWithSubdomainPattern(t *testing.T) {
	h := middleware.CORS(middleware.CORSConfig{AllowCredentials: true, AllowedOrigins: []string{"https://*.example.com", "http://*.example.com:8080", "http://localhost:*", "http://[::1]:*"}})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for origin, want := range map[string]string{
		"https://app.example.com":      "https://app.example.com",
		"http://app.example.com:8080":  "http://app.example.com:8080",
		"https://evil.example":         "",
		"https://example.com.evil.net": "",
		"http://localhost:5173":        "http://localhost:5173",
		"http://localhost.evil.net:80": "",
		"http://[::1]:3000":            "http://[::1]:3000",
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Origin", origin)
		if got := serve(h, req).Header().Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("Origin %s: Allow-Origin %q, want %q", origin, got, want)
		}
	}
}
