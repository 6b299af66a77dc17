package pylon_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// routeNames returns "name METHOD pattern" for each named route of app, sorted.
func routeNames(app *pylon.App) []string {
	var out []string
	for _, r := range app.Routes() {
		if r.Name != "" {
			out = append(out, r.Name+" "+r.Method+" "+r.Pattern)
		}
	}
	slices.Sort(out)
	return out
}

func TestResourceNames(t *testing.T) {
	for _, tt := range []struct {
		groups []string // nested Group prefixes
		path   string
		cfg    pylon.ResourceConfig
		want   string // name for the collection, new, member and edit routes
	}{
		{nil, "/articles", pylon.ResourceConfig{}, "articles new_article article edit_article"},
		{nil, "/v1/articles", pylon.ResourceConfig{}, "articles new_article article edit_article"},
		{nil, "/people", pylon.ResourceConfig{}, "people new_person person edit_person"},
		{nil, "/categories", pylon.ResourceConfig{}, "categories new_category category edit_category"},
		{nil, "/news", pylon.ResourceConfig{}, "news_index new_news news edit_news"},
		{nil, "/status", pylon.ResourceConfig{}, "status_index new_status status edit_status"},
		{nil, "/series", pylon.ResourceConfig{}, "series_index new_series series edit_series"},
		{nil, "/equipment", pylon.ResourceConfig{}, "equipment_index new_equipment equipment edit_equipment"},
		{nil, "/information", pylon.ResourceConfig{}, "information_index new_information information edit_information"},
		{nil, "/posts", pylon.ResourceConfig{Name: "entries"}, "entries new_entry entry edit_entry"},
		{nil, "/posts", pylon.ResourceConfig{Singular: "item"}, "posts new_item item edit_item"},
		{nil, "/posts", pylon.ResourceConfig{Name: "stuff", Singular: "stuff"}, "stuff_index new_stuff stuff edit_stuff"},

		{[]string{"/admin"}, "/articles", pylon.ResourceConfig{}, "admin_articles new_admin_article admin_article edit_admin_article"},
		{[]string{"/api/v1"}, "/articles", pylon.ResourceConfig{}, "api_v1_articles new_api_v1_article api_v1_article edit_api_v1_article"},
		{[]string{"/api", "/v1"}, "/people", pylon.ResourceConfig{}, "api_v1_people new_api_v1_person api_v1_person edit_api_v1_person"},
		{[]string{"/admin"}, "/news", pylon.ResourceConfig{}, "admin_news_index new_admin_news admin_news edit_admin_news"},
		{[]string{"/admin"}, "/posts", pylon.ResourceConfig{Name: "entries"}, "admin_entries new_admin_entry admin_entry edit_admin_entry"},
		{[]string{"/users/{user_id}"}, "/posts", pylon.ResourceConfig{}, "user_posts new_user_post user_post edit_user_post"},
		{[]string{"/users/{user_id:[0-9]+}/admin"}, "/posts", pylon.ResourceConfig{}, "user_admin_posts new_user_admin_post user_admin_post edit_user_admin_post"},
		{[]string{"/{lang}"}, "/articles", pylon.ResourceConfig{}, "articles new_article article edit_article"},
	} {
		app := newApp(pylon.Config{})
		var g *pylon.Group
		for _, prefix := range tt.groups {
			if g == nil {
				g = app.Group(prefix)
			} else {
				g = g.Group(prefix)
			}
		}
		if g == nil {
			app.ResourceWith(tt.path, articles{}, tt.cfg)
		} else {
			g.ResourceWith(tt.path, articles{}, tt.cfg)
		}
		full := app.Routes()[0].Pattern // GET of the collection
		names := strings.Fields(tt.want)
		want := []string{
			names[0] + " GET " + full,
			names[1] + " GET " + full + "/new",
			names[2] + " GET " + full + "/{id}",
			names[3] + " GET " + full + "/{id}/edit",
		}
		slices.Sort(want)
		if got := routeNames(app); !slices.Equal(got, want) {
			t.Errorf("groups %q, Resource(%q, %+v):\n got %q\nwant %q", tt.groups, tt.path, tt.cfg, got, want)
		}
	}
}

// Partial controllers: without Index, Create names the collection; without
// Show, Update (else Delete) names the member.
type (
	createOnly   struct{}
	updateDelete struct{}
	deleteOnly   struct{}
)

func (createOnly) Create(c *pylon.Context) error   { return nil }
func (updateDelete) Update(c *pylon.Context) error { return nil }
func (updateDelete) Delete(c *pylon.Context) error { return nil }
func (deleteOnly) Delete(c *pylon.Context) error   { return nil }

func TestResourcePartialNames(t *testing.T) {
	for _, tt := range []struct {
		path string
		ctrl any
		want []string
	}{
		{"/articles", createOnly{}, []string{"articles POST /articles"}},
		{"/news", createOnly{}, []string{"news_index POST /news"}},
		{"/people", updateDelete{}, []string{"person PUT /people/{id}"}},
		{"/people", deleteOnly{}, []string{"person DELETE /people/{id}"}},
	} {
		app := newApp(pylon.Config{})
		app.Resource(tt.path, tt.ctrl)
		if got := routeNames(app); !slices.Equal(got, tt.want) {
			t.Errorf("Resource(%q, %T) names %q, want %q", tt.path, tt.ctrl, got, tt.want)
		}
	}
}

func TestResourceURLs(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Resource("/people", articles{})
	app.Resource("/news", articles{})
	app.Resource("/articles", articles{})
	app.Group("/admin").Resource("/articles", articles{})
	for _, tt := range []struct {
		name  string
		pairs []any
		want  string
	}{
		{"people", nil, "/people"},
		{"new_person", nil, "/people/new"},
		{"person", []any{"id", 1}, "/people/1"},
		{"edit_person", []any{"id", 1}, "/people/1/edit"},
		{"news_index", nil, "/news"},
		{"news", []any{"id", 2}, "/news/2"},
		{"articles", nil, "/articles"},
		{"admin_articles", nil, "/admin/articles"},
		{"admin_article", []any{"id", 3}, "/admin/articles/3"},
		{"edit_admin_article", []any{"id", 3}, "/admin/articles/3/edit"},
	} {
		if got, err := app.URL(tt.name, tt.pairs...); err != nil || got != tt.want {
			t.Errorf("URL(%q, %v) = %q, %v; want %q", tt.name, tt.pairs, got, err, tt.want)
		}
	}
	wantBody(t, do(t, app, "GET", "/people/5", ""), "show 5")
	wantBody(t, do(t, app, "GET", "/admin/articles/6/edit", ""), "edit 6")
}

// A name clash panics, naming both routes and the fix, before any of the
// resource's routes is registered.
func TestResourceNameClash(t *testing.T) {
	for _, tt := range []struct {
		setup func(app *pylon.App)
		add   func(app *pylon.App)
		want  []string // substrings of the panic
	}{{
		setup: func(app *pylon.App) {
			app.GET("/person", func(c *pylon.Context) error { return nil }).Name("person")
		},
		add: func(app *pylon.App) { app.Resource("/people", articles{}) },
		want: []string{`pylon: Resource /people: GET /people/{id} would be named "person", which GET /person already has`,
			"ResourceConfig.Name and Singular"},
	}, {
		setup: func(app *pylon.App) { app.Resource("/articles", readOnly{}) },
		add:   func(app *pylon.App) { app.Resource("/v2/articles", articles{}) },
		want:  []string{`GET /v2/articles would be named "articles", which GET /articles already has`},
	}, {
		setup: func(app *pylon.App) { app.Group("/admin").Resource("/articles", readOnly{}) },
		add:   func(app *pylon.App) { app.Group("/admin").Resource("/articles", articles{}) },
		want:  []string{`pylon: Resource /admin/articles: GET /admin/articles would be named "admin_articles", which GET /admin/articles already has`},
	}, {
		// A path that conflicts, not a name: nothing is registered either.
		setup: func(app *pylon.App) {
			app.GET("/articles/{slug}", func(c *pylon.Context) error { return nil })
		},
		add:  func(app *pylon.App) { app.Resource("/articles", articles{}) },
		want: []string{"pylon: Resource /articles: route: conflicting routes", "/articles/{slug}"},
	}, {
		add: func(app *pylon.App) {
			app.ResourceWith("/items", articles{}, pylon.ResourceConfig{Name: "new_item", Singular: "item"})
		},
		want: []string{`pylon: Resource /items: GET /items and GET /items/new would both be named "new_item"`,
			"ResourceConfig.Name or Singular"},
	}} {
		app := newApp(pylon.Config{})
		if tt.setup != nil {
			tt.setup(app)
		}
		before := app.Routes()
		msg := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			tt.add(app)
			return ""
		}()
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("panic = %q, want it to contain %q", msg, w)
			}
		}
		if after := app.Routes(); !slices.Equal(after, before) {
			t.Errorf("routes after the panic: %v, want %v", after, before)
		}
	}
}

// A Group's resources do not clash with the App's of the same name.
func TestResourceGroupAndTopLevel(t *testing.T) {
	app := newApp(pylon.Config{})
	app.Resource("/articles", articles{})
	app.Group("/admin").Resource("/articles", articles{})
	app.Group("/api/v1").Resource("/articles", articles{})
	got := map[string]bool{}
	for _, n := range routeNames(app) {
		got[strings.Fields(n)[0]] = true
	}
	want := map[string]bool{}
	for _, p := range []string{"", "admin_", "api_v1_"} {
		for _, n := range []string{p + "articles", "new_" + p + "article", p + "article", "edit_" + p + "article"} {
			want[n] = true
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("names = %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
}
