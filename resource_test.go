package pylon_test

import (
	"net/http"
	"testing"

	"github.com/pylonweb/pylon"
)

type articles struct{}

func (articles) Index(c *pylon.Context) error  { return c.String(200, "index") }
func (articles) Create(c *pylon.Context) error { return c.String(201, "create") }
func (articles) New(c *pylon.Context) error    { return c.String(200, "new") }
func (articles) Show(c *pylon.Context) error   { return c.String(200, "show "+c.Param("id")) }
func (articles) Update(c *pylon.Context) error { return c.String(200, "update "+c.Param("id")) }
func (articles) Delete(c *pylon.Context) error { return c.String(200, "delete "+c.Param("id")) }
func (articles) Edit(c *pylon.Context) error   { return c.String(200, "edit "+c.Param("id")) }

type readOnly struct{}

func (readOnly) Index(c *pylon.Context) error { return c.String(200, "index") }
func (readOnly) Show(c *pylon.Context) error  { return c.String(200, "show") }

func TestResourceRoutes(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Resource("/articles", articles{})
	form := "Content-Type"
	for _, tc := range []struct {
		method, path, body, ctype string
		code                      int
		want                      string
	}{
		{"GET", "/articles", "", "", 200, "index"},
		{"POST", "/articles", "", "", 201, "create"},
		{"GET", "/articles/new", "", "", 200, "new"},
		{"GET", "/articles/9", "", "", 200, "show 9"},
		{"PUT", "/articles/9", "", "", 200, "update 9"},
		{"PATCH", "/articles/9", "", "", 200, "update 9"},
		{"DELETE", "/articles/9", "", "", 200, "delete 9"},
		{"GET", "/articles/9/edit", "", "", 200, "edit 9"},
		{"POST", "/articles/9", "_method=PUT", "application/x-www-form-urlencoded", 200, "update 9"},
		{"POST", "/articles/9", "_method=delete", "application/x-www-form-urlencoded", 200, "delete 9"},
	} {
		w := do(t, app, tc.method, tc.path, tc.body, form, tc.ctype)
		wantStatus(t, w, tc.code)
		wantBody(t, w, tc.want)
	}
	for name, want := range map[string]string{
		"articles": "/articles", "new_article": "/articles/new", "article": "/articles/3", "edit_article": "/articles/3/edit",
	} {
		var pairs []any
		if want != "/articles" && want != "/articles/new" {
			pairs = []any{"id", 3}
		}
		u, err := app.URL(name, pairs...)
		if err != nil || u != want {
			t.Errorf("URL(%s) = %q, %v; want %q", name, u, err, want)
		}
	}
}

func TestResourcePartialController(t *testing.T) {
	app := newApp(pylon.Config{})
	app.ResourceWith("/v1/categories", readOnly{}, pylon.ResourceConfig{Param: "id:[0-9]+"})
	wantStatus(t, do(t, app, "GET", "/v1/categories", ""), 200)
	wantStatus(t, do(t, app, "GET", "/v1/categories/1", ""), 200)
	wantStatus(t, do(t, app, "GET", "/v1/categories/x", ""), 404)
	w := do(t, app, "DELETE", "/v1/categories/1", "")
	wantStatus(t, w, http.StatusMethodNotAllowed)
	wantHeader(t, w, "Allow", "GET, HEAD, OPTIONS")
	if u, err := app.URL("category", "id", 5); err != nil || u != "/v1/categories/5" {
		t.Fatalf("URL = %q, %v", u, err)
	}
}

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"articles": "article", "categories": "category", "boxes": "box", "addresses": "address",
		"matches": "match", "wishes": "wish", "knives": "knife", "indices": "index", "quizzes": "quiz",
		"statuses": "status", "blog-posts": "blog-post", "Articles": "Article",
		// Irregular.
		"people": "person", "children": "child", "men": "man", "mice": "mouse",
		// Uncountable: the singular is the plural.
		"news": "news", "status": "status", "series": "series", "equipment": "equipment",
		"information": "information", "species": "species", "sheep": "sheep",
		// Not plural.
		"s": "s", "ss": "ss", "admin": "admin", "v1": "v1", "": "",
	} {
		if got := pylon.Singular(in); got != want {
			t.Errorf("Singular(%q) = %q, want %q", in, got, want)
		}
	}
}
