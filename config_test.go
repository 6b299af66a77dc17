package pylon_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadConfigLayersFilesAndEnv(t *testing.T) {
	dir := t.TempDir()
	dev := writeFile(t, dir, "development.toml", `
debug = true
addr = "127.0.0.1:9000"
trusted_proxies = ["10.0.0.0/8"]

[server]
read_header_timeout = "2s"
idle_timeout = "30s"

[blog]
title = "Dev blog"
per_page = 10
`)
	prod := writeFile(t, dir, "production.toml", `
debug = false

[server]
read_timeout = 30

[blog]
per_page = 25
`)
	t.Setenv("PYLON_SERVER_IDLE_TIMEOUT", "45s")
	t.Setenv("PYLON_BLOG_TITLE", "From env")
	t.Setenv("PYLON_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2")

	cfg, err := pylon.LoadConfig(dev, prod, "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Debug || cfg.Addr != "127.0.0.1:9000" {
		t.Fatalf("debug=%v addr=%q", cfg.Debug, cfg.Addr)
	}
	if cfg.Server.ReadHeaderTimeout.Std() != 2*time.Second || cfg.Server.ReadTimeout.Std() != 30*time.Second || cfg.Server.IdleTimeout.Std() != 45*time.Second {
		t.Fatalf("server = %+v", cfg.Server)
	}
	if strings.Join(cfg.TrustedProxies, "|") != "10.0.0.1|10.0.0.2" {
		t.Fatalf("trusted = %q", cfg.TrustedProxies)
	}
	type blog struct {
		Title   string `toml:"title"`
		PerPage int    `toml:"per_page"`
		Theme   string `toml:"theme"`
	}
	b := blog{Theme: "light"}
	if err := cfg.Section("blog", &b); err != nil {
		t.Fatal(err)
	}
	if b != (blog{Title: "From env", PerPage: 25, Theme: "light"}) {
		t.Fatalf("blog = %+v", b)
	}
	if got := cfg.Files(); len(got) != 2 {
		t.Fatalf("files = %v", got)
	}
}

func TestConfigErrorsNameFileLineAndKey(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"syntax.toml", "debug = true\naddr = \n", []string{"syntax.toml:2:", "addr"}},
		{"type.toml", "debug = true\n\n[server]\nidle_timeout = 5\nmax_header_bytes = \"big\"\n", []string{"type.toml:5:", "key server.max_header_bytes"}},
		{"duration.toml", "[server]\nidle_timeout = \"soon\"\n", []string{"duration.toml:2:", "server.idle_timeout"}},
		{"unknown.toml", "[server]\nread_header_timout = \"1s\"\n", []string{"unknown.toml:2:", "unknown key server.read_header_timout"}},
		{"negative.toml", "[server]\nidle_timeout = -5\n", []string{"negative.toml:2:", "key server.idle_timeout", "negative"}},
		{"proxy.toml", "trusted_proxies = [\"bogus\"]\n", []string{"proxy.toml:1:", "key trusted_proxies", `"bogus"`}},
		{"toplevel.toml", "debgu = true\n", []string{"toplevel.toml:1:", "unknown key debgu"}},
	} {
		p := writeFile(t, dir, tc.name, tc.text)
		_, err := pylon.LoadConfig(p)
		if err == nil {
			t.Fatalf("%s: no error", tc.name)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tc.name, err, w)
			}
		}
	}
	// The valid line before type.toml's bad one means five seconds.
	cfg, err := pylon.ParseConfig("type.toml", []byte("debug = true\n\n[server]\nidle_timeout = 5\n"))
	if err != nil || cfg.Server.IdleTimeout.Std() != 5*time.Second {
		t.Fatalf("idle_timeout = %v, %v; want 5s", cfg.Server.IdleTimeout, err)
	}
	_, err = pylon.LoadConfig(filepath.Join(dir, "missing.toml"))
	if err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Fatalf("missing file: %v", err)
	}
}

func TestConfigSectionErrors(t *testing.T) {
	cfg, err := pylon.ParseConfig("app.toml", []byte("[blog]\nper_page = \"many\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		PerPage int `toml:"per_page"`
	}
	err = cfg.Section("blog", &b)
	if err == nil || !strings.Contains(err.Error(), "app.toml:2:") || !strings.Contains(err.Error(), "blog.per_page") {
		t.Fatalf("err = %v", err)
	}
	if err := cfg.Section("blog", b); err == nil {
		t.Fatal("non-pointer: no error")
	}
}

func TestConfigEnvErrors(t *testing.T) {
	var cfg pylon.Config
	err := cfg.ApplyEnv([]string{"PYLON_DEBUG=maybe"})
	if err == nil || !strings.Contains(err.Error(), "PYLON_DEBUG") {
		t.Fatalf("err = %v", err)
	}
	err = cfg.ApplyEnv([]string{"PYLON_SERVER_IDLE_TIMEOUT=-5s"})
	if err == nil || !strings.Contains(err.Error(), "PYLON_SERVER_IDLE_TIMEOUT") {
		t.Fatalf("err = %v", err)
	}
	if err := cfg.ApplyEnv([]string{"PYLON_SERVER_IDLE_TIMEOUT=5"}); err != nil || cfg.Server.IdleTimeout.Std() != 5*time.Second {
		t.Fatalf("idle_timeout = %v, %v; want 5s", cfg.Server.IdleTimeout, err)
	}
	if err := cfg.ApplyEnv([]string{"PYLON_DEBUG=true", "PYLON_MAX_BODY_BYTES=1024", "OTHER=1"}); err != nil {
		t.Fatal(err)
	}
	if !cfg.Debug || cfg.MaxBodyBytes != 1024 {
		t.Fatalf("cfg = %+v", cfg)
	}
}
