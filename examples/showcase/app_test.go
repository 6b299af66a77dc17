package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

func testApp(t *testing.T) *pylon.App {
	t.Helper()
	cfg, err := pylon.ParseConfig("development.toml", developmentConfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Debug = false
	app, err := newApp(cfg)
	if err != nil {
		t.Fatal(err)
	}
	app.Logger = slog.New(slog.DiscardHandler)
	return app
}

func request(t *testing.T, app http.Handler, method, target, body, ctype string) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	return w
}

func TestHomePage(t *testing.T) {
	app := testApp(t)
	w := request(t, app, "GET", "/", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Welcome to Pylon showcase") {
		t.Fatalf("%d %s", w.Code, w.Body.String())
	}
	if w.Header().Get("X-Request-Id") == "" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("middleware headers missing: %v", w.Header())
	}
	if w := request(t, app, "GET", "/static/style.css", "", ""); w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("static: %d %v", w.Code, w.Header())
	}
}

func TestArticlePagesLifecycle(t *testing.T) {
	app := testApp(t)
	form := "application/x-www-form-urlencoded"

	// Invalid form: 422 with messages next to the fields.
	w := request(t, app, "POST", "/articles", url.Values{"title": {""}, "body": {""}}.Encode(), form)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "Title is required") || !strings.Contains(w.Body.String(), "Body is required") {
		t.Fatalf("invalid create: %d %s", w.Code, w.Body.String())
	}
	// Valid form: redirect to the new article.
	w = request(t, app, "POST", "/articles", url.Values{"title": {"Hello <b>"}, "body": {"Text"}}.Encode(), form)
	if w.Code != 303 || w.Header().Get("Location") != "/articles/3" {
		t.Fatalf("create: %d %v", w.Code, w.Header())
	}
	w = request(t, app, "GET", "/articles/3", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Hello &lt;b&gt;") {
		t.Fatalf("show: %d %s", w.Code, w.Body.String())
	}
	// Update through the _method tunnel.
	w = request(t, app, "POST", "/articles/3", url.Values{"_method": {"PUT"}, "title": {"Changed"}, "body": {"New"}}.Encode(), form)
	if w.Code != 303 {
		t.Fatalf("update: %d %s", w.Code, w.Body.String())
	}
	if w := request(t, app, "GET", "/articles/3/edit", "", ""); !strings.Contains(w.Body.String(), `value="Changed"`) {
		t.Fatalf("edit: %s", w.Body.String())
	}
	w = request(t, app, "POST", "/articles/3", url.Values{"_method": {"DELETE"}}.Encode(), form)
	if w.Code != 303 || w.Header().Get("Location") != "/articles" {
		t.Fatalf("delete: %d %v", w.Code, w.Header())
	}
	if w := request(t, app, "GET", "/articles/3", "", ""); w.Code != 404 {
		t.Fatalf("after delete: %d", w.Code)
	}
	if w := request(t, app, "GET", "/articles/abc", "", ""); w.Code != 400 {
		t.Fatalf("bad id: %d", w.Code)
	}
}

func TestJSONAPI(t *testing.T) {
	app := testApp(t)
	w := request(t, app, "GET", "/api/articles", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"title":"Welcome to Pylon"`) {
		t.Fatalf("list: %d %s", w.Code, w.Body.String())
	}
	w = request(t, app, "POST", "/api/articles", `{"title":"API","body":"from JSON"}`, "application/json")
	if w.Code != 201 || w.Header().Get("Location") != "/api/articles/3" {
		t.Fatalf("create: %d %v %s", w.Code, w.Header(), w.Body.String())
	}
	w = request(t, app, "POST", "/api/articles", `{"title":""}`, "application/json")
	if w.Code != 422 || !strings.Contains(w.Body.String(), `"errors":{"body":"is required","title":"is required"}`) {
		t.Fatalf("invalid: %d %s", w.Code, w.Body.String())
	}
	w = request(t, app, "POST", "/api/articles", `{"title":`, "application/json")
	if w.Code != 400 {
		t.Fatalf("malformed: %d", w.Code)
	}
	w = request(t, app, "POST", "/api/articles", `title=x`, "application/x-www-form-urlencoded")
	if w.Code != 415 {
		t.Fatalf("wrong type: %d", w.Code)
	}
	if w := request(t, app, "GET", "/api/articles/99", "", ""); w.Code != 404 {
		t.Fatalf("missing: %d", w.Code)
	}
	if w := request(t, app, "DELETE", "/api/articles", "", ""); w.Code != 405 || w.Header().Get("Allow") == "" {
		t.Fatalf("405: %d %v", w.Code, w.Header())
	}
}

func TestLoadConfigFromEnv(t *testing.T) {
	t.Setenv("PYLON_ADDR", "127.0.0.1:9999")
	t.Setenv("PYLON_SHOWCASE_SITE_NAME", "Env site")
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	var s settings
	if err := cfg.Section("showcase", &s); err != nil || s.SiteName != "Env site" || s.PerPage != 20 {
		t.Fatalf("settings = %+v, %v", s, err)
	}
}

func TestTaskMonitorOnlyInDebug(t *testing.T) {
	app := testApp(t) // debug off, no token
	if w := request(t, app, "GET", "/debug/tasks", "", ""); w.Code != 404 {
		t.Fatalf("monitor reachable without debug: %d", w.Code)
	}
	cfg, err := pylon.ParseConfig("development.toml", developmentConfig)
	if err != nil {
		t.Fatal(err)
	}
	debugApp, err := newApp(cfg)
	if err != nil {
		t.Fatal(err)
	}
	debugApp.Logger = slog.New(slog.DiscardHandler)
	if w := request(t, debugApp, "GET", "/debug/tasks?format=json", "", ""); w.Code != 200 {
		t.Fatalf("monitor in debug: %d %s", w.Code, w.Body.String())
	}
}
