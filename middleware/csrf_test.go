package middleware_test

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/middleware"
)

var testCSRFKey = []byte("0123456789abcdef0123456789abcdef")

// csrfApp answers GET with a fresh token and anything else with "ok".
func csrfApp(cfg middleware.CSRFConfig) http.Handler {
	if cfg.Key == nil {
		cfg.Key = testCSRFKey
	}
	return middleware.CSRF(cfg)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			io.WriteString(w, middleware.CSRFToken(r))
			return
		}
		io.WriteString(w, "ok")
	}))
}

// visit loads a page as a new client would and returns its cookie and a
// token.
func visit(t *testing.T, h http.Handler) (*http.Cookie, string) {
	t.Helper()
	rec := serve(h, httptest.NewRequest("GET", "/form", nil))
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("GET set %d cookies, want 1", len(cookies))
	}
	return cookies[0], body(t, rec)
}

// formPost is a urlencoded POST to /form; headers are name, value pairs.
func formPost(cookie *http.Cookie, form url.Values, headers ...string) *http.Request {
	req := httptest.NewRequest("POST", "/form", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req
}

// Headers browsers send with a form post.
var (
	sameOrigin = []string{"Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"}
	crossSite  = []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}
	oldCross   = []string{"Origin", "https://evil.example"} // no Fetch metadata
)

func TestCSRFModes(t *testing.T) {
	both := csrfApp(middleware.CSRFConfig{})
	cookie, token := visit(t, both)
	withToken := url.Values{"csrf_token": {token}, "title": {"hi"}}
	noToken := url.Values{"title": {"hi"}}

	tokenMode := csrfApp(middleware.CSRFConfig{Mode: middleware.CSRFModeToken})
	originMode := csrfApp(middleware.CSRFConfig{Mode: middleware.CSRFModeOrigin})

	tests := []struct {
		name    string
		h       http.Handler
		req     *http.Request
		want    int
		wantErr string // in the 403 body
	}{
		{"both: same-origin form post from a modern browser", both, formPost(cookie, withToken, sameOrigin...), 200, ""},
		{"both: modern browser needs no token", both, formPost(cookie, noToken, sameOrigin...), 200, ""},
		{"both: cross-site form post", both, formPost(cookie, withToken, crossSite...), 403, "cross-origin request refused"},
		{"both: cross-origin post from an old browser", both, formPost(cookie, withToken, oldCross...), 403, "cross-origin request refused"},
		{"both: same-site subdomain", both, formPost(cookie, withToken, "Sec-Fetch-Site", "same-site", "Origin", "https://evil.example.com"), 403, "cross-origin"},
		{"both: no metadata, token in form", both, formPost(cookie, withToken), 200, ""},
		{"both: no metadata, token in header", both, formPost(cookie, noToken, "X-CSRF-Token", token), 200, ""},
		{"both: old browser, same origin, token", both, formPost(cookie, withToken, "Origin", "http://example.com"), 200, ""},
		{"both: no metadata, no token", both, formPost(cookie, noToken), 403, `CSRF token missing: send it in the "csrf_token" form field or the X-CSRF-Token header`},
		{"both: no metadata, no cookie", both, formPost(nil, withToken), 403, "CSRF cookie missing"},
		{"both: forged token", both, formPost(cookie, url.Values{"csrf_token": {strings.Repeat("A", len(token))}}), 403, "CSRF token invalid"},
		{"both: garbage token", both, formPost(cookie, url.Values{"csrf_token": {"<script>"}}), 403, "CSRF token invalid"},

		{"token: cross-site post with a valid token", tokenMode, formPost(cookie, withToken, crossSite...), 200, ""},
		{"token: same-origin post without a token", tokenMode, formPost(cookie, noToken, sameOrigin...), 403, "CSRF token missing"},

		{"origin: same-origin JSON call", originMode, jsonPost(sameOrigin...), 200, ""},
		{"origin: cross-site JSON call", originMode, jsonPost(crossSite...), 403, "cross-origin request refused: cross-origin request detected from Sec-Fetch-Site header"},
		{"origin: old browser, Origin matches Host", originMode, jsonPost("Origin", "http://example.com"), 200, ""},
		{"origin: old browser, other Origin", originMode, jsonPost(oldCross...), 403, "Origin does not match Host"},
		{"origin: non-browser client", originMode, jsonPost(), 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(tt.h, tt.req)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d; body %q", rec.Code, tt.want, rec.Body.String())
			}
			if tt.wantErr != "" && !strings.Contains(rec.Body.String(), tt.wantErr) {
				t.Errorf("body %q does not say %q", rec.Body.String(), tt.wantErr)
			}
		})
	}
}

func jsonPost(headers ...string) *http.Request {
	req := httptest.NewRequest("POST", "/api/items", strings.NewReader(`{"title":"hi"}`))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req
}

func TestCSRFSafeMethodsPass(t *testing.T) {
	for _, mode := range []middleware.CSRFMode{middleware.CSRFModeBoth, middleware.CSRFModeOrigin, middleware.CSRFModeToken} {
		h := csrfApp(middleware.CSRFConfig{Mode: mode})
		for _, method := range []string{"GET", "HEAD", "OPTIONS"} {
			req := httptest.NewRequest(method, "/", nil)
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			req.Header.Set("Origin", "https://evil.example")
			if rec := serve(h, req); rec.Code != 200 {
				t.Errorf("mode %d: %s got %d", mode, method, rec.Code)
			}
		}
	}
}

func TestCSRFOtherUnsafeMethods(t *testing.T) {
	h := csrfApp(middleware.CSRFConfig{})
	for _, method := range []string{"PUT", "PATCH", "DELETE", "TRACE", "PROPFIND"} {
		req := httptest.NewRequest(method, "/", nil)
		if rec := serve(h, req); rec.Code != 403 {
			t.Errorf("%s without cookie or token got %d, want 403", method, rec.Code)
		}
	}
}

func TestCSRFTokenFromOtherClientOrKey(t *testing.T) {
	h := csrfApp(middleware.CSRFConfig{})
	cookie, _ := visit(t, h)
	_, otherToken := visit(t, h)
	if rec := serve(h, formPost(cookie, url.Values{"csrf_token": {otherToken}})); rec.Code != 403 || !strings.Contains(rec.Body.String(), "invalid") {
		t.Errorf("another client's token: %d %q", rec.Code, rec.Body.String())
	}

	otherKey := csrfApp(middleware.CSRFConfig{Key: bytes.Repeat([]byte("k"), 32)})
	_, token := visit(t, h)
	if rec := serve(otherKey, formPost(cookie, url.Values{"csrf_token": {token}})); rec.Code != 403 {
		t.Errorf("token signed with another key: %d", rec.Code)
	}
}

func TestCSRFExpiredToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := csrfApp(middleware.CSRFConfig{TokenMaxAge: time.Hour})
		cookie, token := visit(t, h)
		form := url.Values{"csrf_token": {token}}

		time.Sleep(59 * time.Minute)
		if rec := serve(h, formPost(cookie, form)); rec.Code != 200 {
			t.Fatalf("token within its max age: %d %q", rec.Code, rec.Body.String())
		}
		time.Sleep(2 * time.Minute)
		rec := serve(h, formPost(cookie, form))
		if rec.Code != 403 || !strings.Contains(rec.Body.String(), "CSRF token expired") {
			t.Fatalf("expired token: %d %q", rec.Code, rec.Body.String())
		}
	})
}

func TestCSRFTokensAreMasked(t *testing.T) {
	h := csrfApp(middleware.CSRFConfig{})
	cookie, first := visit(t, h)
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(cookie)
	second := body(t, serve(h, req))
	if first == second {
		t.Fatal("two tokens for one client are equal; they should be masked per request")
	}
	for _, tok := range []string{first, second} {
		if rec := serve(h, formPost(cookie, url.Values{"csrf_token": {tok}})); rec.Code != 200 {
			t.Errorf("token %q refused: %q", tok, rec.Body.String())
		}
	}
}

func TestCSRFCookie(t *testing.T) {
	tests := []struct {
		name       string
		cfg        middleware.CSRFConfig
		tls        bool
		proto      string
		wantSecure bool
	}{
		{"plain http", middleware.CSRFConfig{}, false, "", false},
		{"tls", middleware.CSRFConfig{}, true, "", true},
		{"forwarded proto ignored", middleware.CSRFConfig{}, false, "https", false},
		{"forwarded proto trusted", middleware.CSRFConfig{TrustForwardedProto: true}, false, "https", true},
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
			rec := serve(csrfApp(tt.cfg), req)
			c := rec.Result().Cookies()[0]
			if c.Name != "_csrf" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure != tt.wantSecure || c.MaxAge != 0 {
				t.Errorf("cookie %+v", c)
			}
			if v := rec.Header().Get("Vary"); v != "Cookie" {
				t.Errorf("Vary %q, want Cookie", v)
			}
		})
	}

	h := csrfApp(middleware.CSRFConfig{})
	cookie, _ := visit(t, h)
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(cookie)
	if got := serve(h, req).Header().Values("Set-Cookie"); len(got) != 0 {
		t.Errorf("a valid cookie was replaced: %q", got)
	}
	req = httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: "_csrf", Value: "short"})
	if got := serve(h, req).Header().Values("Set-Cookie"); len(got) != 1 {
		t.Errorf("a malformed cookie was kept: %q", got)
	}

	if got := serve(csrfApp(middleware.CSRFConfig{Mode: middleware.CSRFModeOrigin}), httptest.NewRequest("GET", "/", nil)); got.Header().Get("Set-Cookie") != "" || got.Body.String() != "" {
		t.Errorf("origin mode set a cookie or gave a token: %q %q", got.Header().Get("Set-Cookie"), got.Body.String())
	}
}

func TestCSRFExemptions(t *testing.T) {
	h := csrfApp(middleware.CSRFConfig{
		TrustedOrigins: []string{"https://admin.example.com"},
		ExemptPatterns: []string{"POST /webhooks/{provider}"},
		Exempt: func(r *http.Request) bool {
			return strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ")
		},
	})
	trusted := formPost(nil, nil, "Sec-Fetch-Site", "cross-site", "Origin", "https://admin.example.com")
	trustedOld := formPost(nil, nil, "Origin", "https://admin.example.com")
	webhook := httptest.NewRequest("POST", "/webhooks/stripe", nil)
	bearer := jsonPost("Authorization", "Bearer abc")
	for name, req := range map[string]*http.Request{"trusted origin": trusted, "trusted origin, old browser": trustedOld, "exempt pattern": webhook, "Exempt func": bearer} {
		if rec := serve(h, req); rec.Code != 200 {
			t.Errorf("%s: %d %q", name, rec.Code, rec.Body.String())
		}
	}
	notWebhook := httptest.NewRequest("POST", "/webhooks/stripe/extra", nil)
	if rec := serve(h, notWebhook); rec.Code != 403 {
		t.Errorf("path outside the exempt pattern: %d", rec.Code)
	}
}

func TestCSRFTokenSources(t *testing.T) {
	h := csrfApp(middleware.CSRFConfig{FieldName: "authenticity_token", HeaderName: "X-XSRF-Token"})
	cookie, token := visit(t, h)

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("authenticity_token", token)
	fw, _ := mw.CreateFormFile("upload", "a.txt")
	fw.Write([]byte("file body"))
	mw.Close()
	multi := httptest.NewRequest("POST", "/upload", &buf)
	multi.Header.Set("Content-Type", mw.FormDataContentType())
	multi.AddCookie(cookie)

	header := formPost(cookie, nil, "X-XSRF-Token", token)
	query := httptest.NewRequest("POST", "/form?authenticity_token="+url.QueryEscape(token), nil)
	query.AddCookie(cookie)

	for _, tt := range []struct {
		name string
		req  *http.Request
		want int
	}{
		{"multipart field", multi, 200},
		{"custom header", header, 200},
		{"query string is not accepted", query, 403},
		{"custom field", formPost(cookie, url.Values{"authenticity_token": {token}}), 200},
		{"default field name is not read", formPost(cookie, url.Values{"csrf_token": {token}}), 403},
	} {
		if rec := serve(h, tt.req); rec.Code != tt.want {
			t.Errorf("%s: %d, want %d: %q", tt.name, rec.Code, tt.want, rec.Body.String())
		}
	}
}

func TestCSRFField(t *testing.T) {
	var field string
	h := middleware.CSRF(middleware.CSRFConfig{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		field = string(middleware.CSRFField(r))
	}))
	serve(h, httptest.NewRequest("GET", "/", nil))
	prefix, suffix := `<input type="hidden" name="csrf_token" value="`, `">`
	if !strings.HasPrefix(field, prefix) || !strings.HasSuffix(field, suffix) || len(field) < len(prefix)+100 {
		t.Errorf("CSRFField = %q", field)
	}

	bare := httptest.NewRequest("GET", "/", nil)
	if middleware.CSRFField(bare) != "" || middleware.CSRFToken(bare) != "" {
		t.Error("CSRFField and CSRFToken without the middleware should be empty")
	}
}

func TestCSRFErrorHandler(t *testing.T) {
	var got error
	h := csrfApp(middleware.CSRFConfig{ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
		got = err
		http.Error(w, "custom", http.StatusTeapot)
	}})
	rec := serve(h, formPost(nil, nil, crossSite...))
	if rec.Code != http.StatusTeapot || !errors.Is(got, middleware.ErrCSRFCrossOrigin) {
		t.Errorf("cross-site: %d, err %v", rec.Code, got)
	}
	serve(h, formPost(nil, nil))
	if !errors.Is(got, middleware.ErrCSRFNoCookie) {
		t.Errorf("no cookie: err %v", got)
	}
	cookie, _ := visit(t, h)
	serve(h, formPost(cookie, nil))
	if !errors.Is(got, middleware.ErrCSRFNoToken) {
		t.Errorf("no token: err %v", got)
	}
}

func TestCSRFPanicsOnBadConfig(t *testing.T) {
	for name, cfg := range map[string]middleware.CSRFConfig{
		"short key":    {Key: []byte("short")},
		"bad origin":   {TrustedOrigins: []string{"example.com/path"}},
		"bad pattern":  {ExemptPatterns: []string{"POST /{"}},
		"unknown mode": {Mode: 7},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			middleware.CSRF(cfg)
		})
	}
}
