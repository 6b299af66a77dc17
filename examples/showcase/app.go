package main

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/middleware"
	"github.com/pylonweb/pylon/taskmonitor"
)

//go:embed templates static
var assets embed.FS

// settings is the showcase's own configuration section, [showcase].
type settings struct {
	SiteName string `toml:"site_name"`
	PerPage  int    `toml:"per_page"`
}

// newApp wires the showcase: middleware, pages, the articles resource and
// the JSON API.
func newApp(cfg pylon.Config) (*pylon.App, error) {
	s := settings{SiteName: "Pylon showcase", PerPage: 20}
	if err := cfg.Section("showcase", &s); err != nil {
		return nil, err
	}
	app := pylon.New(cfg)
	app.Use(
		middleware.RequestID,
		middleware.Logger(app.Logger),
		middleware.Recover,
		middleware.SecureHeaders(middleware.SecureHeadersConfig{}),
		middleware.Compress(middleware.CompressConfig{}),
	)

	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	app.Mount("/static", middleware.StaticHandler(middleware.StaticConfig{Root: static}))

	pages, err := parsePages(app, s)
	if err != nil {
		return nil, err
	}
	// The live task monitor at /debug/tasks: mounted in debug mode, or in
	// production when PYLON_TASKMONITOR_TOKEN is set.
	if err := app.Plug(taskmonitor.New(taskmonitor.Config{})); err != nil {
		return nil, err
	}

	store := newArticleStore()
	store.seed()

	app.GET("/{$}", pages.home).Name("home")
	app.Resource("/articles", &articlePages{store: store, pages: pages})

	api := app.Group("/api")
	api.GET("/articles", apiListArticles(store)).Name("api_articles")
	api.POST("/articles", apiCreateArticle(store))
	api.GET("/articles/{id:[0-9]+}", apiShowArticle(store)).Name("api_article")
	api.GET("/health", func(c *pylon.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	return app, nil
}

// pages renders the showcase's HTML templates.
type pages struct {
	settings settings
	tmpl     map[string]*template.Template
}

func parsePages(app *pylon.App, s settings) (*pages, error) {
	funcs := app.TemplateFuncs()
	funcs["url"] = func(name string, pairs ...any) (string, error) { return app.URL(name, pairs...) }
	p := &pages{settings: s, tmpl: map[string]*template.Template{}}
	for _, name := range []string{"home", "articles_index", "article_show", "article_form"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		p.tmpl[name] = t
	}
	return p, nil
}

// render executes a page inside the layout.
func (p *pages) render(c *pylon.Context, code int, name string, data map[string]any) error {
	if data == nil {
		data = map[string]any{}
	}
	data["Site"] = p.settings.SiteName
	// Render into a buffer first, so a template error becomes a clean 500.
	var b strings.Builder
	if err := p.tmpl[name].Execute(&b, data); err != nil {
		return err
	}
	return c.HTML(code, b.String())
}

func (p *pages) home(c *pylon.Context) error {
	return p.render(c, http.StatusOK, "home", nil)
}
