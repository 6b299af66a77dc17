package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// Behind the reverse proxy that production.toml names, each client has
// its own login limit: one client's failed attempts must not lock every
// other user out, as they did when the limit was keyed on the proxy's
// address.
func TestLoginLimitIsPerClientBehindProxy(t *testing.T) {
	app := testApp(t, false, []string{
		"PYLON_DB_URL=sqlite:" + filepath.Join(t.TempDir(), "showcase.db"),
		"PYLON_TRUSTED_PROXIES=127.0.0.1",
	})
	login := func(client string) int {
		form := url.Values{"email": {"x@example.com"}, "password": {"guess"}}
		r := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
		r.RemoteAddr = "127.0.0.1:40000"
		r.Header.Set("X-Forwarded-For", client)
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		return w.Code
	}
	for range 6 {
		login("203.0.113.7")
	}
	if code := login("203.0.113.7"); code != http.StatusTooManyRequests {
		t.Fatalf("the guessing client got %d, want 429", code)
	}
	if code := login("198.51.100.9"); code != http.StatusUnprocessableEntity {
		t.Fatalf("another client behind the same proxy got %d, want 422 (a wrong password, not 429)", code)
	}
	// A client outside the trusted proxies cannot pick its own address.
	r := httptest.NewRequest("POST", "/login", strings.NewReader("email=x&password=y"))
	r.RemoteAddr = "192.0.2.50:40000"
	r.Header.Set("X-Forwarded-For", "203.0.113.77")
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	for range 6 {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r.Clone(r.Context()))
	}
	r.Header.Set("X-Forwarded-For", "203.0.113.78")
	r.Body = http.NoBody
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	if w.Code != http.StatusTooManyRequests {
		t.Errorf("an untrusted peer changed its X-Forwarded-For and got %d, want 429", w.Code)
	}
}

// Pages carry the Content-Security-Policy that docs/security.md prescribes
// for the showcase: no inline scripts, no framing, forms post to the site.
func TestPagesSendSecurityHeaders(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		cl := newClient(t, app)
		for _, path := range []string{"/", "/login", "/articles", "/no-such-page"} {
			h := cl.do("GET", path, "", "").Header()
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'", "base-uri 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("GET %s: Content-Security-Policy %q lacks %q", path, csp, want)
				}
			}
			if h.Get("Cross-Origin-Opener-Policy") != "same-origin" {
				t.Errorf("GET %s: Cross-Origin-Opener-Policy %q", path, h.Get("Cross-Origin-Opener-Policy"))
			}
		}
	})
}

// Behind the proxy, which terminates TLS, the CSRF cookie is Secure and
// HSTS is sent when the proxy reports https.
func TestSecureCookieBehindProxy(t *testing.T) {
	app := testApp(t, false, []string{
		"PYLON_DB_URL=sqlite:" + filepath.Join(t.TempDir(), "showcase.db"),
		"PYLON_TRUSTED_PROXIES=127.0.0.1",
	})
	r := httptest.NewRequest("GET", "/login", nil)
	r.RemoteAddr = "127.0.0.1:40000"
	r.Header.Set("X-Forwarded-Proto", "https")
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	if w.Header().Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over the proxy's https")
	}
	var secure bool
	for _, c := range w.Result().Cookies() {
		if strings.Contains(strings.ToLower(c.Name), "csrf") {
			secure = c.Secure
		}
	}
	if !secure {
		t.Errorf("the CSRF cookie is not Secure over the proxy's https: %q", w.Header().Values("Set-Cookie"))
	}
}
