package cacheplugin_test

import (
	"context"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/cache"
	"github.com/pylonweb/pylon/cache/cacheplugin"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestPluginReadsSection(t *testing.T) {
	cfg, err := pylon.ParseConfig("app.toml", []byte(`
[cache.regions.short_term]
ttl = "30s"
size = 500

[cache.regions.pages]
ttl = "5m"
negative_ttl = "10s"
`))
	if err != nil {
		t.Fatal(err)
	}
	app := pylon.New(cfg)
	p := cacheplugin.New(cache.Config{})
	if err := app.Plug(p); err != nil {
		t.Fatal(err)
	}
	defer app.Stop(context.Background())
	if got := p.Cache().Region("short_term").TTL(); got != 30*time.Second {
		t.Errorf("short_term TTL = %v, want 30s", got)
	}
	pages := cache.Typed[string]{Region: p.Cache().Region("pages")}
	v, err := pages.GetOrLoad(context.Background(), "home", func(context.Context) (string, error) { return "<h1>", nil })
	if err != nil || v != "<h1>" {
		t.Errorf("GetOrLoad = %q, %v", v, err)
	}
}

func TestPluginRejectsBadSection(t *testing.T) {
	cfg, err := pylon.ParseConfig("app.toml", []byte("[cache]\nbackend = \"memcached\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pylon.New(cfg).Plug(cacheplugin.New(cache.Config{})); err == nil {
		t.Error("Plug with an unknown backend succeeded")
	}
}
