package pylon_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// newApp returns an App that logs nowhere.
func newApp(cfg pylon.Config) *pylon.App {
	app := pylon.New(cfg)
	app.Logger = slog.New(slog.DiscardHandler)
	return app
}

// do serves one request through h. headers are name, value pairs.
func do(t testing.TB, h http.Handler, method, target, body string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func wantStatus(t testing.TB, w *httptest.ResponseRecorder, code int) {
	t.Helper()
	if w.Code != code {
		t.Fatalf("status = %d, want %d; body: %q", w.Code, code, w.Body.String())
	}
}

func wantBody(t testing.TB, w *httptest.ResponseRecorder, body string) {
	t.Helper()
	if got := w.Body.String(); got != body {
		t.Fatalf("body = %q, want %q", got, body)
	}
}

func wantBodyContains(t testing.TB, w *httptest.ResponseRecorder, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(w.Body.String(), p) {
			t.Fatalf("body %q does not contain %q", w.Body.String(), p)
		}
	}
}

func wantHeader(t testing.TB, w *httptest.ResponseRecorder, name, value string) {
	t.Helper()
	if got := w.Header().Get(name); got != value {
		t.Fatalf("header %s = %q, want %q", name, got, value)
	}
}
