package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadConfigWithoutFile(t *testing.T) {
	t.Setenv("PYLON_CONFIG", "")
	t.Setenv("PYLON_ADDR", "")
	os.Unsetenv("PYLON_ADDR")
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Debug || cfg.Addr != "127.0.0.1:8080" {
		t.Fatalf("debug=%v addr=%q, want development.toml's true and 127.0.0.1:8080", cfg.Debug, cfg.Addr)
	}

	t.Setenv("PYLON_ADDR", "127.0.0.1:9999")
	if cfg, err = loadConfig(); err != nil || cfg.Addr != "127.0.0.1:9999" {
		t.Fatalf("addr = %q, %v; want PYLON_ADDR's", cfg.Addr, err)
	}
}

// The PYLON_CONFIG file replaces development.toml, so a deployment's file
// that leaves debug out does not inherit development's debug = true.
func TestLoadConfigFileReplacesDevelopment(t *testing.T) {
	t.Setenv("PYLON_ADDR", "")
	os.Unsetenv("PYLON_ADDR")
	name := filepath.Join(t.TempDir(), "site.toml")
	if err := os.WriteFile(name, []byte("addr = \"127.0.0.1:8081\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PYLON_CONFIG", name)
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Debug || cfg.Addr != "127.0.0.1:8081" || cfg.Server.ShutdownTimeout != 0 {
		t.Fatalf("debug=%v addr=%q shutdown_timeout=%v, want only the file's settings", cfg.Debug, cfg.Addr, cfg.Server.ShutdownTimeout)
	}
	t.Setenv("PYLON_DEBUG", "true")
	if cfg, err = loadConfig(); err != nil || !cfg.Debug {
		t.Fatalf("debug = %v, %v; want PYLON_DEBUG's", cfg.Debug, err)
	}
}

// The shipped files pass LoadConfig's checks.
func TestShippedConfigFilesLoad(t *testing.T) {
	for _, name := range []string{"development.toml", "production.toml"} {
		t.Setenv("PYLON_CONFIG", name)
		if _, err := loadConfig(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
