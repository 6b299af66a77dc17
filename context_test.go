package pylon_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pylonweb/pylon"
)

type item struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func TestReadJSON(t *testing.T) {
	for _, tc := range []struct {
		name, ctype, body string
		strict            bool
		code              int
		want              string
	}{
		{"ok", "application/json", `{"name":"a","count":2}`, false, 200, "a 2"},
		{"vendor type", "application/vnd.api+json; charset=utf-8", `{"name":"b"}`, false, 200, "b 0"},
		{"wrong type", "text/plain", `{}`, false, 415, "Content-Type must be application/json, got text/plain"},
		{"no type", "", `{}`, false, 415, "got none"},
		{"empty", "application/json", ``, false, 400, "request body is empty"},
		{"syntax", "application/json", "{\n\"name\": ,}", false, 400, "malformed JSON at line 2, column 9"},
		{"type", "application/json", `{"count":"x"}`, false, 400, "JSON field count at line 1, column 12: want int, got string"},
		{"truncated", "application/json", `{"name":"a"`, false, 400, "ends in the middle"},
		{"trailing", "application/json", `{"name":"a"} {}`, false, 400, "unexpected data after the JSON value"},
		{"unknown ignored", "application/json", `{"name":"a","x":1}`, false, 200, "a 0"},
		{"unknown strict", "application/json", `{"name":"a","x":1}`, true, 400, `unknown JSON field "x"`},
		{"too large", "application/json", `{"name":"` + strings.Repeat("a", 100) + `"}`, false, 413, "the limit is 64 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp(pylon.Config{StrictJSON: tc.strict, MaxBodyBytes: 64})
			app.POST("/items", func(c *pylon.Context) error {
				var it item
				if err := c.ReadJSON(&it); err != nil {
					return err
				}
				return c.String(200, fmt.Sprintf("%s %d", it.Name, it.Count))
			})
			w := do(t, app, "POST", "/items", tc.body, "Content-Type", tc.ctype, "Accept", "text/plain")
			wantStatus(t, w, tc.code)
			wantBodyContains(t, w, tc.want)
		})
	}
}

func TestQueryAndParams(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/p/{id}", func(c *pylon.Context) error {
		id, err := c.ParamInt("id")
		if err != nil {
			return err
		}
		page, err := c.QueryInt("page", 1)
		if err != nil {
			return err
		}
		return c.JSON(200, map[string]any{"id": id, "page": page, "q": c.Query("q"), "sort": c.QueryDefault("sort", "new")})
	})
	w := do(t, app, "GET", "/p/7?page=3&q=caf%C3%A9", "")
	wantStatus(t, w, 200)
	wantBody(t, w, `{"id":7,"page":3,"q":"café","sort":"new"}`+"\n")
	wantHeader(t, w, "Content-Type", "application/json")

	w = do(t, app, "GET", "/p/x", "", "Accept", "text/plain")
	wantStatus(t, w, 400)
	wantBodyContains(t, w, `path parameter id: "x" is not an integer`)
	w = do(t, app, "GET", "/p/1?page=two", "", "Accept", "text/plain")
	wantStatus(t, w, 400)
	wantBodyContains(t, w, `query parameter page: "two" is not an integer`)
}

func TestForm(t *testing.T) {
	app := newApp(pylon.Config{MaxBodyBytes: 32})
	app.POST("/f", func(c *pylon.Context) error {
		if _, err := c.Form(); err != nil {
			return err
		}
		return c.String(200, c.FormValue("a")+","+c.FormValue("b"))
	})
	w := do(t, app, "POST", "/f?b=q", "a=1", "Content-Type", "application/x-www-form-urlencoded")
	wantBody(t, w, "1,q")
	w = do(t, app, "POST", "/f", "a="+strings.Repeat("x", 64), "Content-Type", "application/x-www-form-urlencoded", "Accept", "text/plain")
	wantStatus(t, w, 413)
}

func TestResponseHelpers(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/html", func(c *pylon.Context) error { return c.HTML(200, "<b>hi</b>") })
	app.GET("/blob", func(c *pylon.Context) error { return c.Blob(201, "image/png", []byte{1, 2}) })
	app.GET("/stream", func(c *pylon.Context) error {
		return c.Stream(200, "text/event-stream", strings.NewReader("data: x\n\n"))
	})
	app.GET("/redir", func(c *pylon.Context) error { return c.Redirect(303, "/html") })
	app.GET("/badredir", func(c *pylon.Context) error { return c.Redirect(200, "/html") })
	app.GET("/cookie", func(c *pylon.Context) error {
		c.SetCookie(&http.Cookie{Name: "a", Value: "b", HttpOnly: true})
		ck, err := c.Cookie("in")
		if err != nil {
			return err
		}
		return c.String(200, ck.Value)
	})

	w := do(t, app, "GET", "/html", "")
	wantHeader(t, w, "Content-Type", "text/html; charset=utf-8")
	wantBody(t, w, "<b>hi</b>")
	w = do(t, app, "GET", "/blob", "")
	wantStatus(t, w, 201)
	wantHeader(t, w, "Content-Type", "image/png")
	w = do(t, app, "GET", "/stream", "")
	wantHeader(t, w, "Content-Type", "text/event-stream")
	wantBody(t, w, "data: x\n\n")
	if !w.Flushed {
		t.Fatal("stream was not flushed")
	}
	w = do(t, app, "GET", "/redir", "")
	wantStatus(t, w, 303)
	wantHeader(t, w, "Location", "/html")
	wantStatus(t, do(t, app, "GET", "/badredir", ""), 500)
	w = do(t, app, "GET", "/cookie", "", "Cookie", "in=v")
	wantBody(t, w, "v")
	wantHeader(t, w, "Set-Cookie", "a=b; Path=/; HttpOnly; SameSite=Lax")
}

func TestFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "hello.txt")
	if err := os.WriteFile(name, []byte("hello, world"), 0o644); err != nil {
		t.Fatal(err)
	}
	app := newApp(pylon.Config{})
	app.GET("/file", func(c *pylon.Context) error { return c.File(name) })
	app.GET("/missing", func(c *pylon.Context) error { return c.File(filepath.Join(dir, "nope")) })
	app.GET("/dir", func(c *pylon.Context) error { return c.File(dir) })
	app.GET("/fs", func(c *pylon.Context) error {
		return c.FileFS(fstest.MapFS{"a.css": {Data: []byte("body{}")}}, "a.css")
	})
	app.GET("/download", func(c *pylon.Context) error { return c.Attachment(name, "greeting.txt") })

	w := do(t, app, "GET", "/file", "")
	wantStatus(t, w, 200)
	wantBody(t, w, "hello, world")
	wantHeader(t, w, "Content-Type", "text/plain; charset=utf-8")
	etag := w.Header().Get("ETag")
	if etag == "" || w.Header().Get("Last-Modified") == "" {
		t.Fatalf("no ETag or Last-Modified: %v", w.Header())
	}
	wantStatus(t, do(t, app, "GET", "/file", "", "If-None-Match", etag), 304)
	w = do(t, app, "GET", "/file", "", "Range", "bytes=7-")
	wantStatus(t, w, 206)
	wantBody(t, w, "world")
	wantStatus(t, do(t, app, "GET", "/missing", ""), 404)
	wantStatus(t, do(t, app, "GET", "/dir", ""), 404)
	w = do(t, app, "GET", "/fs", "")
	wantBody(t, w, "body{}")
	wantHeader(t, w, "Content-Type", "text/css; charset=utf-8")
	wantHeader(t, do(t, app, "GET", "/download", ""), "Content-Disposition", `attachment; filename=greeting.txt`)
}

func TestURLGeneration(t *testing.T) {
	app := newApp(pylon.Config{TrustedProxies: []string{"10.0.0.0/8"}})
	app.GET("/users/{id:[0-9]+}", func(c *pylon.Context) error {
		abs, err := c.AbsoluteURL("user", "id", 7, "tab", "a b")
		if err != nil {
			return err
		}
		return c.String(200, abs)
	}).Name("user")

	if u, err := app.URL("user", "id", 42); err != nil || u != "/users/42" {
		t.Fatalf("URL = %q, %v", u, err)
	}
	if _, err := app.URL("user"); err == nil {
		t.Fatal("missing parameter: no error")
	}
	if _, err := app.URL("user", "id", "abc"); err == nil {
		t.Fatal("requirement broken: no error")
	}
	if _, err := app.URL("nobody"); err == nil {
		t.Fatal("unknown route: no error")
	}

	r := httptest.NewRequest("GET", "http://example.com/users/1", nil)
	w := httptest.NewRecorder()
	app.ServeHTTP(w, r)
	wantBody(t, w, "http://example.com/users/7?tab=a+b")

	// Forwarded headers count only from a trusted proxy.
	r = httptest.NewRequest("GET", "http://internal/users/1", nil)
	r.RemoteAddr = "10.1.2.3:5555"
	r.Header.Set("X-Forwarded-Proto", "https")
	r.Header.Set("X-Forwarded-Host", "pylon.example")
	w = httptest.NewRecorder()
	app.ServeHTTP(w, r)
	wantBody(t, w, "https://pylon.example/users/7?tab=a+b")

	r.RemoteAddr = "192.0.2.1:5555"
	w = httptest.NewRecorder()
	app.ServeHTTP(w, r)
	wantBody(t, w, "http://internal/users/7?tab=a+b")
}

func TestRealIP(t *testing.T) {
	app := newApp(pylon.Config{TrustedProxies: []string{"10.0.0.1", "10.0.0.2"}})
	app.GET("/ip", func(c *pylon.Context) error { return c.String(200, c.RealIP()) })
	for _, tc := range []struct{ remote, xff, want string }{
		{"192.0.2.9:1", "", "192.0.2.9"},
		{"192.0.2.9:1", "203.0.113.5", "192.0.2.9"},
		{"10.0.0.1:1", "203.0.113.5", "203.0.113.5"},
		{"10.0.0.1:1", "198.51.100.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"},
	} {
		r := httptest.NewRequest("GET", "/ip", nil)
		r.RemoteAddr = tc.remote
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		wantBody(t, w, tc.want)
	}
}

func TestContextValuesAndRequestID(t *testing.T) {
	app := newApp(pylon.Config{})
	app.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			c.Set("user", "ann")
			c.Header().Set("X-Request-Id", "req-1")
			return next(c)
		}
	})
	app.GET("/", func(c *pylon.Context) error {
		u, _ := c.Get("user")
		if c.Logger() == nil || c.Context() == nil || c.App() != app || c.Route() == nil {
			t.Error("accessors")
		}
		return c.String(200, u.(string)+" "+c.RequestID())
	})
	wantBody(t, do(t, app, "GET", "/", ""), "ann req-1")
	// Values do not leak into the next request on a reused Context.
	app2 := newApp(pylon.Config{})
	app2.GET("/", func(c *pylon.Context) error {
		if _, ok := c.Get("user"); ok {
			t.Error("value leaked")
		}
		c.Set("user", "x")
		return nil
	})
	for range 3 {
		do(t, app2, "GET", "/", "")
	}
}

func TestNegotiate(t *testing.T) {
	app := newApp(pylon.Config{})
	app.GET("/n", func(c *pylon.Context) error {
		return c.String(200, c.Negotiate("application/json", "text/html"))
	})
	for _, tc := range []struct{ accept, want string }{
		{"", "application/json"},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"},
		{"*/*", "application/json"},
		{"text/*", "text/html"},
		{"application/json;q=0.5, text/html;q=0.6", "text/html"},
		{"image/png", ""},
		{"text/html;q=0", ""},
		{"text/html;Q=0", ""},
		{"application/json;Q=0.5, text/html", "text/html"},
	} {
		wantBody(t, do(t, app, "GET", "/n", "", "Accept", tc.accept), tc.want)
	}
}
