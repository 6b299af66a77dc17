package middleware_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pylonweb/pylon/middleware"
)

func TestSecureHeaders(t *testing.T) {
	tests := []struct {
		name  string
		cfg   middleware.SecureHeadersConfig
		tls   bool
		proto string
		want  map[string]string // "" means absent
	}{
		{"defaults over http", middleware.SecureHeadersConfig{}, false, "", map[string]string{
			"X-Content-Type-Options":     "nosniff",
			"X-Frame-Options":            "DENY",
			"Referrer-Policy":            "strict-origin-when-cross-origin",
			"Strict-Transport-Security":  "",
			"Content-Security-Policy":    "",
			"Cross-Origin-Opener-Policy": "",
		}},
		{"defaults over tls", middleware.SecureHeadersConfig{}, true, "", map[string]string{
			"Strict-Transport-Security": "max-age=63072000",
		}},
		{"forwarded proto ignored by default", middleware.SecureHeadersConfig{}, false, "https", map[string]string{
			"Strict-Transport-Security": "",
		}},
		{"forwarded proto trusted", middleware.SecureHeadersConfig{HSTSTrustForwardedProto: true}, false, "HTTPS", map[string]string{
			"Strict-Transport-Security": "max-age=63072000",
		}},
		// The nearest proxy's value is the rightmost: a client's "https"
		// in front of it does not count.
		{"forwarded proto: client's value first", middleware.SecureHeadersConfig{HSTSTrustForwardedProto: true}, false, "https, http", map[string]string{
			"Strict-Transport-Security": "",
		}},
		{"forwarded proto: proxy's value last", middleware.SecureHeadersConfig{HSTSTrustForwardedProto: true}, false, "http, https", map[string]string{
			"Strict-Transport-Security": "max-age=63072000",
		}},
		{"hsts options", middleware.SecureHeadersConfig{HSTSMaxAge: 300, HSTSIncludeSubdomains: true, HSTSPreload: true}, true, "", map[string]string{
			"Strict-Transport-Security": "max-age=300; includeSubDomains; preload",
		}},
		{"hsts off", middleware.SecureHeadersConfig{HSTSMaxAge: -1}, true, "", map[string]string{
			"Strict-Transport-Security": "",
		}},
		{"overrides and omissions", middleware.SecureHeadersConfig{
			FrameOptions: "SAMEORIGIN", ReferrerPolicy: "-", ContentTypeOptions: "-",
			ContentSecurityPolicy: "default-src 'self'", CrossOriginOpenerPolicy: "same-origin",
			PermissionsPolicy: "camera=()",
		}, false, "", map[string]string{
			"X-Frame-Options":            "SAMEORIGIN",
			"Referrer-Policy":            "",
			"X-Content-Type-Options":     "",
			"Content-Security-Policy":    "default-src 'self'",
			"Cross-Origin-Opener-Policy": "same-origin",
			"Permissions-Policy":         "camera=()",
		}},
		{"csp report only", middleware.SecureHeadersConfig{ContentSecurityPolicy: "default-src 'self'", CSPReportOnly: true}, false, "", map[string]string{
			"Content-Security-Policy":             "",
			"Content-Security-Policy-Report-Only": "default-src 'self'",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			if tt.tls {
				req.TLS = &tls.ConnectionState{}
			}
			if tt.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			rec := serve(middleware.SecureHeaders(tt.cfg)(hello), req)
			for k, v := range tt.want {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestSecureHeadersHandlerOverrides(t *testing.T) {
	h := middleware.SecureHeaders(middleware.SecureHeadersConfig{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	}))
	if got := serve(h, httptest.NewRequest("GET", "/", nil)).Header().Get("X-Frame-Options"); got != "SAMEORIGIN" {
		t.Fatalf("X-Frame-Options = %q", got)
	}
}
