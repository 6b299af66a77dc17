package pylon_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// greeter is a plugin that adds a route, middleware, a template helper
// and a start hook, configured from its own section.
type greeter struct {
	started bool
}

func (g *greeter) Name() string { return "greeter" }

func (g *greeter) Install(app *pylon.App) error {
	cfg := struct {
		Greeting string `toml:"greeting"`
	}{Greeting: "hello"}
	if err := app.Config().Section(g.Name(), &cfg); err != nil {
		return err
	}
	app.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Greeter", "on")
			next.ServeHTTP(w, r)
		})
	})
	app.GET("/greet", func(c *pylon.Context) error { return c.String(200, cfg.Greeting) })
	app.AddTemplateFunc("greet", func() string { return cfg.Greeting })
	app.OnStart(func(context.Context) error { g.started = true; return nil })
	return nil
}

func TestPlugin(t *testing.T) {
	cfg, err := pylon.ParseConfig("app.toml", []byte("[greeter]\ngreeting = \"bonjour\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	app := newApp(cfg)
	g := &greeter{}
	if err := app.Plug(g); err != nil {
		t.Fatal(err)
	}
	w := do(t, app, "GET", "/greet", "")
	wantBody(t, w, "bonjour")
	wantHeader(t, w, "X-Greeter", "on")
	if fn, ok := app.TemplateFuncs()["greet"].(func() string); !ok || fn() != "bonjour" {
		t.Fatal("template helper missing")
	}
	if err := app.Start(context.Background()); err != nil || !g.started {
		t.Fatalf("start hook: %v", err)
	}
	t.Cleanup(func() { app.Stop(context.Background()) })
	if len(app.Plugins()) != 1 {
		t.Fatal("Plugins")
	}
	if err := app.Plug(&greeter{}); err == nil || !strings.Contains(err.Error(), "already installed") {
		t.Fatalf("second install: %v", err)
	}
}

type broken struct{}

func (broken) Name() string                 { return "broken" }
func (broken) Install(app *pylon.App) error { return errors.New("missing key") }

func TestPluginError(t *testing.T) {
	app := newApp(pylon.Config{})
	err := app.Plug(broken{})
	if err == nil || err.Error() != `pylon: plugin "broken": missing key` {
		t.Fatalf("err = %v", err)
	}
}
