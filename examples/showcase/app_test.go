package main

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// backends runs fn with the showcase on a fresh SQLite file with memory
// sessions and cache and, when PYLON_TEST_POSTGRES_URL and
// PYLON_TEST_REDIS_URL are set, again on PostgreSQL with sessions and
// cache in Redis: the same app, switched by configuration alone.
func backends(t *testing.T, debug bool, fn func(t *testing.T, app *pylon.App)) {
	t.Run("sqlite-memory", func(t *testing.T) {
		fn(t, testApp(t, debug, []string{"PYLON_DB_URL=sqlite:" + filepath.Join(t.TempDir(), "showcase.db")}))
	})
	pg, redis := os.Getenv("PYLON_TEST_POSTGRES_URL"), os.Getenv("PYLON_TEST_REDIS_URL")
	if pg == "" || redis == "" {
		t.Log("PostgreSQL and Redis run skipped: set PYLON_TEST_POSTGRES_URL and PYLON_TEST_REDIS_URL")
		return
	}
	t.Run("postgres-redis", func(t *testing.T) {
		prefix := "showcase-test-" + randomHex(6) + ":"
		fn(t, testApp(t, debug, []string{
			"PYLON_DB_URL=" + freshSchema(t, pg),
			"PYLON_SESSION_STORE=redis", "PYLON_SESSION_URL=" + redis, "PYLON_SESSION_PREFIX=" + prefix + "s:",
			"PYLON_CACHE_BACKEND=redis", "PYLON_CACHE_REDIS_URL=" + redis, "PYLON_CACHE_PREFIX=" + prefix + "c:",
			"PYLON_CHAT_PREFIX=" + prefix + "ws:",
		}))
	})
}

// testApp starts the showcase with the given PYLON_* settings.
func testApp(t *testing.T, debug bool, env []string) *pylon.App {
	t.Helper()
	cfg, err := pylon.ParseConfig("development.toml", developmentConfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Debug = debug
	cfg.Log.Level = "error" // request lines would drown the test output
	if err := cfg.ApplyEnv(env); err != nil {
		t.Fatal(err)
	}
	app, err := newApp(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	app.Logger = slog.New(slog.DiscardHandler)
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := app.Stop(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return app
}

// client keeps cookies between requests and sends the Fetch metadata of
// a same-origin request, like a current browser.
type client struct {
	t       *testing.T
	app     http.Handler
	cookies map[string]*http.Cookie
	header  http.Header
}

func newClient(t *testing.T, app http.Handler) *client {
	return &client{t: t, app: app, cookies: map[string]*http.Cookie{}, header: http.Header{"Sec-Fetch-Site": {"same-origin"}}}
}

func (cl *client) do(method, target, body, ctype string) *httptest.ResponseRecorder {
	cl.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	for k, v := range cl.header {
		r.Header[k] = v
	}
	for _, ck := range cl.cookies {
		r.AddCookie(ck)
	}
	w := httptest.NewRecorder()
	cl.app.ServeHTTP(w, r)
	for _, ck := range w.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(cl.cookies, ck.Name)
		} else {
			cl.cookies[ck.Name] = ck
		}
	}
	return w
}

func (cl *client) form(target string, v url.Values) *httptest.ResponseRecorder {
	cl.t.Helper()
	return cl.do("POST", target, v.Encode(), "application/x-www-form-urlencoded")
}

func TestHomePage(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		cl := newClient(t, app)
		w := cl.do("GET", "/", "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), "Welcome to Pylon showcase") {
			t.Fatalf("%d %s", w.Code, w.Body.String())
		}
		if w.Header().Get("X-Request-Id") == "" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("middleware headers missing: %v", w.Header())
		}
		if w := cl.do("GET", "/static/style.css", "", ""); w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), "text/css") {
			t.Fatalf("static: %d %v", w.Code, w.Header())
		}
	})
}

func TestArticlePagesLifecycle(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		cl := newClient(t, app)

		// Invalid form: 422 with messages next to the fields.
		w := cl.form("/articles", url.Values{"title": {""}, "body": {""}})
		if w.Code != 422 || !strings.Contains(w.Body.String(), "Title is required") || !strings.Contains(w.Body.String(), "Body is required") {
			t.Fatalf("invalid create: %d %s", w.Code, w.Body.String())
		}
		// Valid form: redirect to the new article, with a flash shown once.
		w = cl.form("/articles", url.Values{"title": {"Hello <b>"}, "body": {"Text"}})
		if w.Code != 303 || w.Header().Get("Location") != "/articles/3" {
			t.Fatalf("create: %d %v %s", w.Code, w.Header(), w.Body.String())
		}
		w = cl.do("GET", "/articles/3", "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), "Hello &lt;b&gt;") || !strings.Contains(w.Body.String(), "Article created.") {
			t.Fatalf("show: %d %s", w.Code, w.Body.String())
		}
		if w := cl.do("GET", "/articles/3", "", ""); strings.Contains(w.Body.String(), "Article created.") {
			t.Fatal("flash shown twice")
		}
		// A comment, invalid then valid.
		if w := cl.form("/articles/3/comments", url.Values{"author": {""}, "body": {"x"}}); w.Code != 422 || !strings.Contains(w.Body.String(), "Name is required") {
			t.Fatalf("invalid comment: %d %s", w.Code, w.Body.String())
		}
		if w := cl.form("/articles/3/comments", url.Values{"author": {"Ann"}, "body": {"Nice"}}); w.Code != 303 {
			t.Fatalf("comment: %d %s", w.Code, w.Body.String())
		}
		if w := cl.do("GET", "/articles/3", "", ""); !strings.Contains(w.Body.String(), "<b>Ann</b>: Nice") {
			t.Fatalf("comment not shown: %s", w.Body.String())
		}
		// Update through the _method tunnel.
		w = cl.form("/articles/3", url.Values{"_method": {"PUT"}, "title": {"Changed"}, "body": {"New"}})
		if w.Code != 303 {
			t.Fatalf("update: %d %s", w.Code, w.Body.String())
		}
		if w := cl.do("GET", "/articles/3/edit", "", ""); !strings.Contains(w.Body.String(), `value="Changed"`) {
			t.Fatalf("edit: %s", w.Body.String())
		}
		w = cl.form("/articles/3", url.Values{"_method": {"DELETE"}})
		if w.Code != 303 || w.Header().Get("Location") != "/articles" {
			t.Fatalf("delete: %d %v", w.Code, w.Header())
		}
		if w := cl.do("GET", "/articles/3", "", ""); w.Code != 404 {
			t.Fatalf("after delete: %d", w.Code)
		}
		if w := cl.do("GET", "/articles/abc", "", ""); w.Code != 400 {
			t.Fatalf("bad id: %d", w.Code)
		}
	})
}

func TestLoginLogout(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		cl := newClient(t, app)
		w := cl.form("/login", url.Values{"email": {demoEmail}, "password": {"wrong"}})
		if w.Code != 422 || !strings.Contains(w.Body.String(), "Wrong email or password.") {
			t.Fatalf("bad login: %d %s", w.Code, w.Body.String())
		}
		before := cl.cookies["session"]
		w = cl.form("/login", url.Values{"email": {demoEmail}, "password": {demoPassword}})
		if w.Code != 303 {
			t.Fatalf("login: %d %s", w.Code, w.Body.String())
		}
		if after := cl.cookies["session"]; after == nil || (before != nil && before.Value == after.Value) {
			t.Fatal("the session token was not renewed at login")
		}
		w = cl.do("GET", "/", "", "")
		if !strings.Contains(w.Body.String(), "Welcome back, Demo.") || !strings.Contains(w.Body.String(), `id="logout"`) {
			t.Fatalf("after login: %s", w.Body.String())
		}
		w = cl.form("/logout", nil)
		if w.Code != 303 {
			t.Fatalf("logout: %d", w.Code)
		}
		w = cl.do("GET", "/", "", "")
		if !strings.Contains(w.Body.String(), "You are logged out.") || !strings.Contains(w.Body.String(), `id="login-link"`) {
			t.Fatalf("after logout: %s", w.Body.String())
		}
	})
}

func TestJSONAPI(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		cl := newClient(t, app)
		w := cl.do("GET", "/api/articles", "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"title":"Welcome to Pylon"`) {
			t.Fatalf("list: %d %s", w.Code, w.Body.String())
		}
		w = cl.do("POST", "/api/articles", `{"title":"API","body":"from JSON"}`, "application/json")
		if w.Code != 201 || w.Header().Get("Location") != "/api/articles/3" {
			t.Fatalf("create: %d %v %s", w.Code, w.Header(), w.Body.String())
		}
		// The cached list was dropped when the article was created.
		if w := cl.do("GET", "/api/articles", "", ""); !strings.Contains(w.Body.String(), `"title":"API"`) {
			t.Fatalf("cached list is stale: %s", w.Body.String())
		}
		if w := cl.do("GET", "/articles", "", ""); !strings.Contains(w.Body.String(), ">API</a>") {
			t.Fatalf("cached page is stale: %s", w.Body.String())
		}
		if w := cl.do("GET", "/api/articles/1", "", ""); w.Code != 200 || !strings.Contains(w.Body.String(), `"author":"Ben"`) {
			t.Fatalf("show with comments: %d %s", w.Code, w.Body.String())
		}
		w = cl.do("POST", "/api/articles", `{"title":""}`, "application/json")
		if w.Code != 422 || !strings.Contains(w.Body.String(), `"errors":{"body":"is required","title":"is required"}`) {
			t.Fatalf("invalid: %d %s", w.Code, w.Body.String())
		}
		if w := cl.do("POST", "/api/articles", `{"title":`, "application/json"); w.Code != 400 {
			t.Fatalf("malformed: %d", w.Code)
		}
		if w := cl.do("POST", "/api/articles", `title=x`, "text/plain"); w.Code != 415 {
			t.Fatalf("wrong type: %d", w.Code)
		}
		if w := cl.do("GET", "/api/articles/99", "", ""); w.Code != 404 {
			t.Fatalf("missing: %d", w.Code)
		}
		if w := cl.do("DELETE", "/api/articles", "", ""); w.Code != 405 || w.Header().Get("Allow") == "" {
			t.Fatalf("405: %d %v", w.Code, w.Header())
		}
	})
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
	backends(t, false, func(t *testing.T, app *pylon.App) {
		if w := newClient(t, app).do("GET", "/debug/tasks", "", ""); w.Code != 404 {
			t.Fatalf("monitor reachable without debug: %d", w.Code)
		}
	})
	backends(t, true, func(t *testing.T, app *pylon.App) {
		if w := newClient(t, app).do("GET", "/debug/tasks?format=json", "", ""); w.Code != 200 {
			t.Fatalf("monitor in debug: %d %s", w.Code, w.Body.String())
		}
	})
}

func TestCSRF(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		// A form posted from another site is refused.
		cl := newClient(t, app)
		cl.header.Set("Sec-Fetch-Site", "cross-site")
		if w := cl.form("/articles", url.Values{"title": {"x"}, "body": {"y"}}); w.Code != 403 {
			t.Fatalf("cross-site post: %d", w.Code)
		}
		// A browser without Fetch metadata needs the form's token.
		old := newClient(t, app)
		old.header = http.Header{}
		page := old.do("GET", "/articles/new", "", "")
		m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(page.Body.String())
		if m == nil {
			t.Fatalf("no token in the form: %s", page.Body.String())
		}
		if w := old.form("/articles", url.Values{"title": {"x"}, "body": {"y"}}); w.Code != 403 || !strings.Contains(w.Body.String(), "CSRF") {
			t.Fatalf("post without token: %d %s", w.Code, w.Body.String())
		}
		if w := old.form("/articles", url.Values{"title": {"x"}, "body": {"y"}, "csrf_token": {html.UnescapeString(m[1])}}); w.Code != 303 {
			t.Fatalf("post with token: %d %s", w.Code, w.Body.String())
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		cl := newClient(t, app)
		for range 5 {
			cl.form("/login", url.Values{"email": {"x@example.com"}, "password": {"guess"}})
		}
		w := cl.form("/login", url.Values{"email": {"x@example.com"}, "password": {"guess"}})
		if w.Code != 429 || w.Header().Get("Retry-After") == "" {
			t.Fatalf("sixth attempt: %d %v", w.Code, w.Header())
		}
	})
}

func TestErrorPages(t *testing.T) {
	backends(t, false, func(t *testing.T, app *pylon.App) {
		cl := newClient(t, app)
		cl.header.Set("Accept", "text/html")
		w := cl.do("GET", "/no/such/page", "", "")
		if w.Code != 404 || !strings.Contains(w.Body.String(), "We could not find /no/such/page") || !strings.Contains(w.Body.String(), "<h1>404 Not Found</h1>") {
			t.Fatalf("404 page: %d %s", w.Code, w.Body.String())
		}
		w = cl.do("DELETE", "/login", "", "")
		if w.Code != 405 || !strings.Contains(w.Body.String(), "<h1>405 Method Not Allowed</h1>") || w.Header().Get("Allow") == "" {
			t.Fatalf("405 page: %d %v %s", w.Code, w.Header(), w.Body.String())
		}
	})
}
