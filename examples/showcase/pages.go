package main

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/session"
)

// pages renders the showcase's HTML templates.
type pages struct {
	settings settings
	tmpl     map[string]*template.Template
}

func parsePages(app *pylon.App, s settings) (*pages, error) {
	funcs := app.TemplateFuncs()
	p := &pages{settings: s, tmpl: map[string]*template.Template{}}
	for _, name := range []string{"home", "articles_index", "article_show", "article_form", "login"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		p.tmpl[name] = t
	}
	return p, nil
}

// render executes a page inside the layout, with the site name, the
// logged-in user and the flash messages.
func (p *pages) render(c *pylon.Context, code int, name string, data map[string]any) error {
	if data == nil {
		data = map[string]any{}
	}
	data["Site"] = p.settings.SiteName
	data["User"] = currentUser(c)
	data["Flashes"] = session.Flashes(c)
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
