package pylon_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pylonweb/pylon"
)

// get serves a GET request through h and prints the status and body.
func get(h http.Handler, target string, header ...string) {
	r := httptest.NewRequest("GET", target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body, _ := io.ReadAll(w.Body)
	fmt.Printf("%d %s\n", w.Code, strings.TrimSpace(string(body)))
}

func Example() {
	app := pylon.New(pylon.Config{})
	app.GET("/hello/{name}", func(c *pylon.Context) error {
		return c.String(http.StatusOK, "Hello, "+c.Param("name")+"!")
	})
	get(app, "/hello/Pylon")
	// Output: 200 Hello, Pylon!
}

func ExampleApp_URL() {
	app := pylon.New(pylon.Config{})
	app.GET("/users/{id:[0-9]+}", func(c *pylon.Context) error { return nil }).Name("user")

	u, _ := app.URL("user", "id", 42)
	fmt.Println(u)
	u, _ = app.URL("user", "id", 42, "tab", "posts & replies")
	fmt.Println(u)
	_, err := app.URL("user", "id", "ann")
	fmt.Println(err != nil)
	// Output:
	// /users/42
	// /users/42?tab=posts+%26+replies
	// true
}

type articleController struct{}

func (articleController) Index(c *pylon.Context) error { return c.String(200, "all articles") }
func (articleController) Show(c *pylon.Context) error  { return c.String(200, "article "+c.Param("id")) }

func ExampleApp_Resource() {
	app := pylon.New(pylon.Config{})
	app.Resource("/articles", articleController{})
	for _, r := range app.Routes() {
		fmt.Println(r.Method, r.Pattern, r.Name)
	}
	get(app, "/articles/7")
	// Output:
	// GET /articles articles
	// GET /articles/{id} article
	// 200 article 7
}

func ExampleApp_Group() {
	app := pylon.New(pylon.Config{})
	api := app.Group("/api")
	api.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			c.Header().Set("X-API", "1")
			return next(c)
		}
	})
	api.GET("/ping", func(c *pylon.Context) error { return c.String(200, "pong") })
	get(app, "/api/ping")
	// Output: 200 pong
}

func ExampleNewHTTPError() {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	app.GET("/articles/{id}", func(c *pylon.Context) error {
		return pylon.NewHTTPError(http.StatusNotFound, "no article "+c.Param("id"))
	})
	get(app, "/articles/9", "Accept", "application/json")
	get(app, "/articles/9", "Accept", "text/plain")
	// Output:
	// 404 {"type":"about:blank","title":"Not Found","status":404,"detail":"no article 9","instance":"/articles/9"}
	// 404 Not Found: no article 9
}

func ExampleMiddleware() {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	// Pylon middleware sees the error a handler returns.
	app.UseContext(func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			err := next(c)
			if errors.Is(err, pylon.ErrNotFound) {
				return c.String(http.StatusNotFound, "nothing here")
			}
			return err
		}
	})
	get(app, "/missing")
	// Output: 404 nothing here
}

func ExampleConfig_Section() {
	cfg, _ := pylon.ParseConfig("development.toml", []byte(`
debug = true

[blog]
title = "Notes"
`))
	var blog struct {
		Title   string `toml:"title"`
		PerPage int    `toml:"per_page"`
	}
	blog.PerPage = 10 // the default, kept when the file says nothing
	_ = cfg.Section("blog", &blog)
	fmt.Println(cfg.Debug, blog.Title, blog.PerPage)
	// Output: true Notes 10
}

func ExampleContext_ReadJSON() {
	app := pylon.New(pylon.Config{})
	app.Logger = slog.New(slog.DiscardHandler)
	app.POST("/articles", func(c *pylon.Context) error {
		var in struct {
			Title string `json:"title"`
		}
		if err := c.ReadJSON(&in); err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, map[string]string{"title": in.Title})
	})
	for _, body := range []string{`{"title":"Hi"}`, `{"title":}`} {
		r := httptest.NewRequest("POST", "/articles", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Accept", "text/plain")
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		fmt.Print(w.Code, " ", w.Body.String())
	}
	// Output:
	// 201 {"title":"Hi"}
	// 400 Bad Request: malformed JSON at line 1, column 10: invalid character '}' looking for beginning of value
}
