package middleware_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/middleware"
)

// FuzzCSRFToken posts any token with any cookie value: the request passes
// only with a token whose unmasked payload is that of a token made for
// the cookie's secret; otherwise it gets 403 naming what was wrong.
func FuzzCSRFToken(f *testing.F) {
	h := csrfApp(middleware.CSRFConfig{Mode: middleware.CSRFModeToken})
	cookie := &http.Cookie{Name: "_csrf", Value: base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))}
	get := httptest.NewRequest("GET", "/form", nil)
	get.AddCookie(cookie)
	valid := serve(h, get).Body.String()
	f.Add(valid, cookie.Value)
	f.Add(valid[:len(valid)-1]+"A", cookie.Value)
	f.Add(strings.Repeat("A", len(valid)), cookie.Value)
	f.Add(valid, "")
	f.Add("", cookie.Value)
	f.Add(strings.Repeat("\n", len(valid)), cookie.Value[1:]+"=")
	f.Fuzz(func(t *testing.T, token, value string) {
		r := httptest.NewRequest("POST", "/form", nil)
		r.Header.Set("Cookie", "_csrf="+value)
		r.Header["X-Csrf-Token"] = []string{token}
		rec := serve(h, r)
		got := rec.Body.String()
		switch {
		case rec.Code == http.StatusOK:
			if value != cookie.Value || !samePayload(token, valid) {
				t.Fatalf("token %q, cookie %q: passed", token, value)
			}
		case rec.Code != http.StatusForbidden:
			t.Fatalf("token %q, cookie %q: status %d", token, value, rec.Code)
		case strings.HasPrefix(got, "Forbidden: "+middleware.ErrCSRFNoCookie.Error()),
			strings.HasPrefix(got, "Forbidden: "+middleware.ErrCSRFNoToken.Error()) && token == "":
		case strings.HasPrefix(got, "Forbidden: "+middleware.ErrCSRFInvalidToken.Error()):
			if value == cookie.Value && samePayload(token, valid) {
				t.Fatalf("token %q, cookie %q: refused as invalid", token, value)
			}
		default:
			t.Fatalf("token %q, cookie %q: %q", token, value, got)
		}
	})
}

// samePayload reports whether two tokens unmask to the same payload: the
// time and HMAC, XORed with the bytes before them.
func samePayload(a, b string) bool {
	unmask := func(s string) []byte {
		raw, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(s) != 107 || len(raw) != 80 {
			return nil
		}
		for i := range 40 {
			raw[40+i] ^= raw[i]
		}
		return raw[40:]
	}
	pa, pb := unmask(a), unmask(b)
	return pa != nil && bytes.Equal(pa, pb)
}
