package pylon

import (
	"fmt"
	"html/template"
	"maps"
)

// Plugin extends an App: the column's "plugin system". Install may add
// routes, middleware, template helpers, background services, start and
// stop hooks, and read its own configuration section with
// app.Config().Section(p.Name(), &cfg). Pylon's optional parts (sessions,
// cache, database, the task monitor, WebSockets) plug in this way, so a
// third party's can too.
type Plugin interface {
	// Name names the plugin in messages and is its configuration section.
	Name() string
	// Install adds the plugin's parts to app.
	Install(app *App) error
}

// Plug installs plugins in order. It fails on the first error, naming the
// plugin, and refuses a second plugin of the same name.
func (app *App) Plug(plugins ...Plugin) error {
	for _, p := range plugins {
		for _, q := range app.plugins {
			if q.Name() == p.Name() {
				return fmt.Errorf("pylon: plugin %q is already installed", p.Name())
			}
		}
		if err := p.Install(app); err != nil {
			return fmt.Errorf("pylon: plugin %q: %w", p.Name(), err)
		}
		app.plugins = append(app.plugins, p)
	}
	return nil
}

// Plugin returns the installed plugin named name, or nil.
func (app *App) Plugin(name string) Plugin {
	for _, p := range app.plugins {
		if p.Name() == name {
			return p
		}
	}
	return nil
}

// Plugins returns the installed plugins in installation order.
func (app *App) Plugins() []Plugin { return append([]Plugin(nil), app.plugins...) }

// AddTemplateFunc registers a template helper for the App's template
// engines. Registering a name twice replaces the helper. Engines read the
// helpers when they parse their templates, so add helpers before the
// renderer is plugged in.
func (app *App) AddTemplateFunc(name string, fn any) {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	app.funcs[name] = fn
}

// TemplateFuncs returns a copy of the registered template helpers.
func (app *App) TemplateFuncs() template.FuncMap {
	app.hooksMu.Lock()
	defer app.hooksMu.Unlock()
	return maps.Clone(app.funcs)
}
