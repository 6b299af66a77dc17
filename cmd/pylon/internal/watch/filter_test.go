package watch_test

import (
	"testing"

	"github.com/pylonweb/pylon/cmd/pylon/internal/watch"
)

func TestIsSource(t *testing.T) {
	tests := map[string]bool{
		"main.go":                  true,
		"handlers/users.go":        true,
		"development.toml":         true,
		"templates/base.html":      true,
		"templates/x.tmpl":         true,
		"templates/x.gohtml":       true,
		"templates/x.jinja":        true,
		"templates/x.j2":           true,
		"main_test.go":             false,
		"README.md":                false,
		"static/app.js":            false,
		"4913":                     false,
		"main.go~":                 false,
		".main.go.swp":             false,
		".#main.go":                false,
		"templates/.hidden.html":   false,
		"data/site.db":             false,
		"templates/layout.html.j2": true,
	}
	for path, want := range tests {
		if got := watch.IsSource(path); got != want {
			t.Errorf("IsSource(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestSkipDir(t *testing.T) {
	tests := map[string]bool{
		".git":         true,
		".idea":        true,
		"node_modules": true,
		"vendor":       true,
		"templates":    false,
		"internal":     false,
		".":            false,
		"..":           false,
	}
	for name, want := range tests {
		if got := watch.SkipDir(name); got != want {
			t.Errorf("SkipDir(%q) = %v, want %v", name, got, want)
		}
	}
}
