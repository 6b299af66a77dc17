package render

import (
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// Engine renders named templates. Both of Pylon's engines, [HTMLEngine]
// (html/template) and [JinjaEngine] (Jinja2 syntax), implement it; a
// third-party engine can too. Implementations must be safe for concurrent
// use.
type Engine interface {
	// Render executes the named template with data and writes the result
	// to w. An error names the template, and the file and line when it
	// knows them; w may have received part of the output, so render into
	// a buffer when a failure must not show (the response helpers do).
	Render(w io.Writer, name string, data any) error

	// Has reports whether name is a template that Render accepts.
	Has(name string) bool
}

// Config configures an engine: where its templates are, their helpers,
// and whether they are re-read when they change.
type Config struct {
	// FS holds the templates, such as an embed.FS (use fs.Sub for one of
	// its directories) for a production binary.
	// If not set, the directory Dir is read with os.DirFS.
	FS fs.FS

	// Dir is the template directory on disk, used when FS is not set.
	// If not set, "templates".
	Dir string

	// Extensions lists the file name endings that are templates; other
	// files are ignored.
	// If not set, ".html", ".tmpl", ".j2" and ".jinja".
	Extensions []string

	// Layout is the html/template layout that renders pages whose body
	// (outside their {{define}} blocks) is empty: the page defines
	// "content" and the other blocks, the layout places them.
	// If not set, "layouts/base.html" when it exists. The Jinja engine
	// ignores it: Jinja2 templates say {% extends %}.
	Layout string

	// Funcs are helpers added to Pylon's (see [Funcs]); pass
	// app.TemplateFuncs() for the App's "url" helper. A helper here
	// replaces Pylon's of the same name.
	// If not set, only Pylon's helpers; "url" then fails when called.
	Funcs template.FuncMap

	// Assets resolves the "asset" helper's names to URLs with a content
	// hash.
	// If not set, the "asset" helper fails when called.
	Assets *Assets

	// Reload re-reads the templates when a file under FS changes: every
	// Render compares the files' sizes and modification times with those
	// of the last parse. Turn it on in development (the [Renderer] plugin
	// does when the App is in debug mode). Files in an embed.FS never
	// change, so it costs a walk and finds nothing there.
	// If not set, templates are parsed once, when the engine is made.
	Reload bool
}

var defaultExtensions = []string{".html", ".tmpl", ".j2", ".jinja"}

func (cfg *Config) fsys() fs.FS {
	if cfg.FS != nil {
		return cfg.FS
	}
	dir := cfg.Dir
	if dir == "" {
		dir = "templates"
	}
	return os.DirFS(dir)
}

func (cfg *Config) isTemplate(name string) bool {
	exts := cfg.Extensions
	if len(exts) == 0 {
		exts = defaultExtensions
	}
	return slices.Contains(exts, path.Ext(name))
}

// templateFiles lists the template files under fsys in lexical order, with
// their content.
func templateFiles(cfg *Config, fsys fs.FS) ([]file, error) {
	var files []file
	err := walkTemplates(cfg, fsys, func(name string, _ fs.DirEntry) error {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		files = append(files, file{name: name, text: string(b)})
		return nil
	})
	return files, err
}

// walkTemplates calls fn for each template file under fsys, in lexical
// order, skipping hidden directories.
func walkTemplates(cfg *Config, fsys fs.FS, fn func(name string, d fs.DirEntry) error) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !cfg.isTemplate(name) {
			return nil
		}
		return fn(name, d)
	})
}

type file struct {
	name string
	text string
}
