// Package cacheplugin installs a cache.Cache in a Pylon App, configured by
// the [cache] section of the App's configuration:
//
//	p := cacheplugin.New(cache.Config{})
//	if err := app.Plug(p); err != nil { ... }
//	articles := cache.Typed[Article]{Region: p.Cache().Region("short_term")}
//
// It lives apart from package cache so that the cache itself does not
// depend on Pylon's root package.
package cacheplugin

import (
	"context"
	"errors"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/cache"
)

// Plugin is a pylon.Plugin that builds a cache.Cache at Install and
// closes it when the App stops. Make it with New.
type Plugin struct {
	defaults cache.Config
	cache    *cache.Cache
}

// New returns a Plugin whose configuration starts from defaults; the
// [cache] section and PYLON_CACHE_* variables override it. A Logger not
// set in defaults becomes the App's.
func New(defaults cache.Config) *Plugin { return &Plugin{defaults: defaults} }

// Name returns "cache", the name of the plugin's configuration section.
func (p *Plugin) Name() string { return "cache" }

// Install reads the [cache] section, builds the cache and registers its
// Close as a stop hook.
func (p *Plugin) Install(app *pylon.App) error {
	cfg := p.defaults
	if err := app.Config().Section(p.Name(), &cfg); err != nil {
		return err
	}
	if cfg.Logger == nil {
		cfg.Logger = app.Logger
	}
	c, err := cache.New(cfg)
	if err != nil {
		return err
	}
	p.cache = c
	app.OnStop(func(context.Context) error { return c.Close() })
	return nil
}

// Cache returns the cache Install built. It panics before Install.
func (p *Plugin) Cache() *cache.Cache {
	if p.cache == nil {
		panic(errors.New("cacheplugin: Cache called before the plugin was installed"))
	}
	return p.cache
}
