package watch

import (
	"path/filepath"
	"strings"
)

// sourceExts are the extensions of files that go into a running app:
// Go code, TOML config and templates.
var sourceExts = map[string]bool{
	".go":     true,
	".toml":   true,
	".html":   true,
	".tmpl":   true,
	".gohtml": true,
	".jinja":  true,
	".j2":     true,
}

// IsSource reports whether a change to the file at path should restart the
// app: a Go file (but not a _test.go file, which is not in the program), a
// .toml config, or a template (.html, .tmpl, .gohtml, .jinja, .j2).
// Hidden files are not sources; editors keep their swap and lock files there.
func IsSource(path string) bool {
	name := filepath.Base(path)
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "_test.go") {
		return false
	}
	return sourceExts[filepath.Ext(name)]
}

// SkipDir reports whether the directory with the given base name is left
// unwatched, with all below it: version control, dependencies and hidden
// directories.
func SkipDir(name string) bool {
	switch name {
	case "node_modules", "vendor":
		return true
	}
	return len(name) > 1 && name[0] == '.' && name != ".."
}
