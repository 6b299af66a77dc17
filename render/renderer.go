package render

import (
	"errors"
	"maps"

	"github.com/pylonweb/pylon"
)

// Renderer is a [pylon.Plugin] that gives an App its template engine:
//
//	app.Plug(&render.Renderer{Templates: render.Config{FS: templatesFS}})
//	app.GET("/{$}", func(c *pylon.Context) error {
//		return render.HTML(c, 200, "home.html", render.M{"Title": "Home"})
//	})
//
// Install builds the engine with the App's helpers (the "url" of named
// routes, and any added with app.AddTemplateFunc before Install) and turns
// on reloading when the App is in debug mode. The package-level response
// helpers find the Renderer through the Context with [From]; its methods
// work the same for handlers that keep it. A Renderer is safe for
// concurrent use once installed.
type Renderer struct {
	// Engine renders the templates.
	// If not set, Install builds one from Templates: an [HTMLEngine], or a
	// [JinjaEngine] when Jinja is set.
	Engine Engine

	// Templates configures the engine Install builds. Install adds the
	// App's helpers under Templates.Funcs, and sets Reload (and the
	// Assets' Reload) when the App is in debug mode.
	// If not set, templates come from the directory "templates".
	Templates Config

	// Jinja makes Install build a Jinja2-syntax engine.
	// If not set, html/template.
	Jinja bool
}

// M is a shorthand for template data.
type M = map[string]any

// Name returns "render", the plugin's name.
func (r *Renderer) Name() string { return pluginName }

const pluginName = "render"

// Install builds the engine unless Engine is set.
func (r *Renderer) Install(app *pylon.App) error {
	if r.Engine != nil {
		return nil
	}
	cfg := r.Templates
	cfg.Funcs = app.TemplateFuncs()
	maps.Copy(cfg.Funcs, r.Templates.Funcs)
	if app.Debug() {
		cfg.Reload = true
		if cfg.Assets != nil {
			cfg.Assets.Reload = true
		}
	}
	var err error
	if r.Jinja {
		r.Engine, err = NewJinjaEngine(cfg)
	} else {
		r.Engine, err = NewHTMLEngine(cfg)
	}
	return err
}

var errNoRenderer = errors.New("render: no Renderer: install one with app.Plug(&render.Renderer{...})")

// From returns the Renderer installed on the request's App, or nil.
func From(c *pylon.Context) *Renderer {
	r, _ := c.App().Plugin(pluginName).(*Renderer)
	return r
}

// requestData adds the request's CSRF token and flash messages to map data, as
// "CSRFToken" and "Flashes", unless the map has them. The caller's map is
// copied, never changed. Other data is passed as it is.
func requestData(c *pylon.Context, data any) any {
	m, ok := data.(map[string]any)
	if !ok || c == nil {
		return data
	}
	token, hasToken := c.Get(CSRFTokenKey)
	flashes, hasFlashes := c.Get(FlashesKey)
	_, setToken := m["CSRFToken"]
	_, setFlashes := m["Flashes"]
	if (!hasToken || setToken) && (!hasFlashes || setFlashes) {
		return data
	}
	out := make(map[string]any, len(m)+2)
	maps.Copy(out, m)
	if hasToken && !setToken {
		out["CSRFToken"] = token
	}
	if hasFlashes && !setFlashes {
		out["Flashes"] = flashes
	}
	return out
}
