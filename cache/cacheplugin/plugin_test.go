package cacheplugin_test

import (
	"context"
	"strings"
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

// plug returns the cache plugin of an App configured by the TOML text
// conf, or the error of plugging it in. The App is stopped when the test
// ends.
func plug(t *testing.T, conf string) (*cacheplugin.Plugin, error) {
	t.Helper()
	cfg, err := pylon.ParseConfig("app.toml", []byte(conf))
	if err != nil {
		t.Fatal(err)
	}
	app := pylon.New(cfg)
	t.Cleanup(func() { app.Stop(context.Background()) })
	p := cacheplugin.New(cache.Config{})
	return p, app.Plug(p)
}

func TestPluginReadsSection(t *testing.T) {
	p, err := plug(t, `
[cache.regions.short_term]
ttl = "30s"
size = 500

[cache.regions.pages]
ttl = "5m"
negative_ttl = "10s"
`)
	if err != nil {
		t.Fatal(err)
	}
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

// Durations in the cache section read as in the rest of the configuration:
// a whole number is seconds, and a negative one is an error that names the
// file, the line and the key.
func TestPluginSectionDurations(t *testing.T) {
	p, err := plug(t, "[cache.regions.short_term]\nttl = 60\nlock_ttl = \"2s\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Cache().Region("short_term").TTL(); got != time.Minute {
		t.Errorf("ttl = 60 gave TTL %v, want 1m0s", got)
	}
	_, err = plug(t, "[cache.regions.short_term]\nttl = -5\n")
	if err == nil || !strings.Contains(err.Error(), "negative") || !strings.Contains(err.Error(), "app.toml:2") || !strings.Contains(err.Error(), "ttl") {
		t.Fatalf("ttl = -5: %v, want an error naming app.toml, the line and ttl", err)
	}
}
