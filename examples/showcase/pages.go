package main

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/render"
	"github.com/pylonweb/pylon/session"
)

// pages renders the showcase's templates (templates/, embedded) through
// the render plugin, and its error pages (templates/errors/).
type pages struct {
	settings settings
}

func newPages(app *pylon.App, s settings, assets *render.Assets) (*pages, error) {
	templates, err := fs.Sub(embedded, "templates")
	if err != nil {
		return nil, err
	}
	renderer := &render.Renderer{Templates: render.Config{FS: templates, Assets: assets}}
	if err := app.Plug(renderer); err != nil {
		return nil, err
	}
	// Pages get error pages from templates/errors/; the JSON API keeps
	// problem+json whatever the client accepts.
	errorPages := &render.ErrorPages{}
	app.ErrorHandler = func(c *pylon.Context, err error) {
		if strings.HasPrefix(c.Request().URL.Path, "/api/") {
			pylon.DefaultErrorHandler(c, err)
			return
		}
		errorPages.Handle(c, err)
	}
	return &pages{settings: s}, nil
}

// render executes a page inside the layout, with the site name, the
// logged-in user and the flash messages.
func (p *pages) render(c *pylon.Context, code int, name string, data render.M) error {
	if data == nil {
		data = render.M{}
	}
	data["Site"] = p.settings.SiteName
	data["User"] = currentUser(c)
	data["Flashes"] = session.Flashes(c)
	return render.HTML(c, code, name, data)
}

func (p *pages) home(c *pylon.Context) error {
	return p.render(c, http.StatusOK, "home.html", nil)
}
