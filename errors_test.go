package pylon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

func TestErrorNegotiation(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/e", func(c *pylon.Context) error { return pylon.NewHTTPError(409, "already taken") })

	w := do(t, app, "GET", "/e", "", "Accept", "application/json")
	wantStatus(t, w, 409)
	wantHeader(t, w, "Content-Type", "application/problem+json")
	var p pylon.Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != 409 || p.Title != "Conflict" || p.Detail != "already taken" || p.Instance != "/e" || p.Type != "about:blank" {
		t.Fatalf("problem = %+v", p)
	}

	w = do(t, app, "GET", "/e", "", "Accept", "text/html,*/*;q=0.8")
	wantHeader(t, w, "Content-Type", "text/html; charset=utf-8")
	wantBodyContains(t, w, "<h1>409 Conflict</h1>", "<p>already taken</p>")

	w = do(t, app, "GET", "/e", "", "Accept", "text/plain")
	wantHeader(t, w, "Content-Type", "text/plain; charset=utf-8")
	wantBody(t, w, "Conflict: already taken\n")

	w = do(t, app, "HEAD", "/e", "", "Accept", "text/plain")
	wantStatus(t, w, 409)
	wantBody(t, w, "")
}

// The q parameter's name is case-insensitive: a browser's Accept that
// spells it Q still gets the HTML page, not problem+json.
func TestErrorNegotiationQCase(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/e", func(c *pylon.Context) error { return pylon.NewHTTPError(409, "already taken") })
	for _, tc := range []struct{ accept, ctype string }{
		{"application/*;Q=0.1, text/html", "text/html; charset=utf-8"},
		{"application/*;q=0.1, text/html", "text/html; charset=utf-8"},
		{"text/html;Q=0.2, */*;Q=0.1", "text/html; charset=utf-8"},
		{"application/*;Q=0, text/*;Q=0.5, text/plain", "text/plain; charset=utf-8"},
		{"*/*;Q=0", "text/plain; charset=utf-8"},
	} {
		w := do(t, app, "GET", "/e", "", "Accept", tc.accept)
		wantStatus(t, w, 409)
		if got := w.Header().Get("Content-Type"); got != tc.ctype {
			t.Errorf("Accept %q: Content-Type = %q, want %q", tc.accept, got, tc.ctype)
		}
	}
}

func TestErrorFields(t *testing.T) {
	app := newApp(pylon.Config{})
	app.POST("/v", func(c *pylon.Context) error {
		return pylon.Unprocessable("invalid article", map[string]string{"title": "is required"})
	})
	w := do(t, app, "POST", "/v", "", "Accept", "application/json")
	wantStatus(t, w, 422)
	wantBodyContains(t, w, `"errors":{"title":"is required"}`)
}

func TestErrorMessagesEscapedInHTML(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/x", func(c *pylon.Context) error { return pylon.BadRequest(`<script>alert(1)</script>`) })
	w := do(t, app, "GET", "/x", "", "Accept", "text/html")
	if strings.Contains(w.Body.String(), "<script>") {
		t.Fatalf("unescaped: %s", w.Body.String())
	}
	wantBodyContains(t, w, "&lt;script&gt;")
}

func TestInternalErrorsHiddenInProduction(t *testing.T) {
	var logs bytes.Buffer
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	app.GET("/boom", func(c *pylon.Context) error { return errors.New("db password is hunter2") })
	w := do(t, app, "GET", "/boom", "", "Accept", "application/json", "X-Request-Id", "rid-9")
	wantStatus(t, w, 500)
	if strings.Contains(w.Body.String(), "hunter2") {
		t.Fatalf("internals shown: %s", w.Body.String())
	}
	wantBodyContains(t, w, `"request_id":"rid-9"`)
	if !strings.Contains(logs.String(), "hunter2") || !strings.Contains(logs.String(), "request_id=rid-9") {
		t.Fatalf("log = %s", logs.String())
	}
}

func TestPanicBecomes500WithStackInLog(t *testing.T) {
	var logs bytes.Buffer
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	app.GET("/panic", func(c *pylon.Context) error { panic("kaboom") })
	w := do(t, app, "GET", "/panic", "", "Accept", "text/plain")
	wantStatus(t, w, 500)
	if strings.Contains(w.Body.String(), "kaboom") {
		t.Fatalf("panic value shown in production: %q", w.Body.String())
	}
	if !strings.Contains(logs.String(), "kaboom") || !strings.Contains(logs.String(), "errors_test.go") {
		t.Fatalf("log lacks panic or stack: %s", logs.String())
	}
	// The App keeps serving.
	wantStatus(t, do(t, app, "GET", "/panic", ""), 500)
}

func TestPanicInMiddleware(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(fmt.Errorf("mw")) })
	})
	wantStatus(t, do(t, app, "GET", "/", ""), 500)
}

func TestErrAbortHandlerIsRepanicked(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/", func(c *pylon.Context) error { panic(http.ErrAbortHandler) })
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Fatalf("recovered %v", v)
		}
	}()
	do(t, app, "GET", "/", "")
}

func TestDebugPage(t *testing.T) {
	app := newApp(pylon.Config{Debug: true})
	app.GET("/items/{id}", func(c *pylon.Context) error { panic("debug me") })
	w := do(t, app, "GET", "/items/5?x=1", "", "Accept", "text/html", "Cookie", "session=secret")
	wantStatus(t, w, 500)
	wantBodyContains(t, w, "debug me", "goroutine", "/items/{id}", "<td>id</td><td>5</td>", "(hidden)")
	if strings.Contains(w.Body.String(), "session=secret") {
		t.Fatal("cookie shown")
	}
	w = do(t, app, "GET", "/items/5", "", "Accept", "application/json")
	wantBodyContains(t, w, `panic: debug me"`, `"stack":"goroutine`)
}

// The debug page hides every header and query value that may be a
// credential, and shows the others.
func TestDebugPageHidesCredentials(t *testing.T) {
	app := newApp(pylon.Config{Debug: true})
	app.GET("/items/{id}", func(c *pylon.Context) error { panic("debug me") })
	w := do(t, app, "GET", "/items/5?page=2&access_token=tok-q&api_key=key-q", "", "Accept", "text/html",
		"Proxy-Authorization", "Basic cHJveHk=", "X-Api-Key", "key-h", "X-Auth-Token", "tok-h",
		"X-Hub-Signature-256", "sha256=sig", "User-Agent", "probe/1.0")
	wantStatus(t, w, 500)
	body := w.Body.String()
	for _, secret := range []string{"cHJveHk=", "key-h", "tok-h", "sha256=sig", "tok-q", "key-q"} {
		if strings.Contains(body, secret) {
			t.Errorf("debug page shows %q", secret)
		}
	}
	wantBodyContains(t, w, "probe/1.0", "page=2")
}

func TestStatusOf(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code int
	}{
		{pylon.ErrNotFound, 404},
		{fmt.Errorf("wrapped: %w", pylon.Forbidden("no")), 403},
		{&http.MaxBytesError{Limit: 1}, 413},
		{context.DeadlineExceeded, 503},
		{context.Canceled, 499},
		{errors.New("x"), 500},
	} {
		if got := pylon.StatusOf(tc.err); got != tc.code {
			t.Errorf("StatusOf(%v) = %d, want %d", tc.err, got, tc.code)
		}
	}
}

func TestHTTPErrorIs(t *testing.T) {
	err := fmt.Errorf("load: %w", pylon.NotFound("no such article"))
	if !errors.Is(err, pylon.ErrNotFound) {
		t.Fatal("errors.Is(404, ErrNotFound) = false")
	}
	if errors.Is(err, pylon.ErrForbidden) {
		t.Fatal("errors.Is(404, ErrForbidden) = true")
	}
	cause := errors.New("disk")
	he := pylon.Errorf(500, "saving: %w", cause)
	if !errors.Is(he, cause) || he.Message != "saving: disk" {
		t.Fatalf("Errorf = %#v", he)
	}
	if got := pylon.ErrNotFound.WithInternal(cause); pylon.ErrNotFound.Internal != nil || got.Internal != cause {
		t.Fatal("WithInternal changed the shared error")
	}
}

func TestCustomErrorHandler(t *testing.T) {
	app := newApp(pylon.Config{})
	app.ErrorHandler = func(c *pylon.Context, err error) {
		c.String(pylon.StatusOf(err), "custom: "+err.Error())
	}
	w := do(t, app, "GET", "/missing", "")
	wantStatus(t, w, 404)
	wantBody(t, w, "custom: 404 Not Found")
}
