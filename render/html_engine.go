package render

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync/atomic"
	"text/template/parse"
)

// HTMLEngine renders html/template templates from a directory or an
// fs.FS, with layouts, partials and Pylon's helpers. It is safe for
// concurrent use.
//
// Every template file is named by its path under the root, such as
// "articles/show.html". Files under "layouts/" and "partials/" are shared:
// each page is parsed together with all of them, so any page can call
// {{template "partials/nav.html" .}} and fill a layout's blocks. A page
// whose body, outside its {{define}} blocks, is empty is rendered through
// the layout (Config.Layout); a page with a body renders that body, which
// may call a layout itself with {{template "layouts/admin.html" .}}.
// Layouts and partials are not pages: Render refuses them.
type HTMLEngine struct {
	cfg    Config
	fsys   fs.FS
	funcs  template.FuncMap
	pages  atomic.Pointer[htmlPages]
	reload reloader
}

// htmlPages is one parse of the template files.
type htmlPages struct {
	pages map[string]htmlPage
	names []string
}

type htmlPage struct {
	set   *template.Template // the page, the layouts and the partials
	entry string             // the template to execute: the page or the layout
}

// Shared template directories: their files are parsed with every page.
const (
	layoutsDir  = "layouts/"
	partialsDir = "partials/"
)

// NewHTMLEngine parses the templates that cfg names and returns the
// engine. A parse error names the file and the line.
func NewHTMLEngine(cfg Config) (*HTMLEngine, error) {
	e := &HTMLEngine{cfg: cfg, fsys: cfg.fsys()}
	e.funcs = Funcs(cfg.Assets)
	for k, v := range cfg.Funcs {
		e.funcs[k] = v
	}
	if err := e.parse(); err != nil {
		return nil, err
	}
	if cfg.Reload {
		e.reload.mark(&e.cfg, e.fsys)
	}
	return e, nil
}

// Render executes the named page with data. In reload mode it first parses
// the templates again if a file changed. Execution errors are wrapped with
// the page's name; html/template's own message names the file, the line
// and the column.
func (e *HTMLEngine) Render(w io.Writer, name string, data any) error {
	if e.cfg.Reload {
		if err := e.reload.check(&e.cfg, e.fsys, e.parse); err != nil {
			return err
		}
	}
	p, ok := e.pages.Load().pages[name]
	if !ok {
		return fmt.Errorf("render: no template %q", name)
	}
	if err := p.set.ExecuteTemplate(w, p.entry, data); err != nil {
		return fmt.Errorf("render: %q: %w", name, err)
	}
	return nil
}

// Has reports whether name is a page.
func (e *HTMLEngine) Has(name string) bool {
	_, ok := e.pages.Load().pages[name]
	return ok
}

// Names returns the page names in lexical order.
func (e *HTMLEngine) Names() []string { return slices.Clone(e.pages.Load().names) }

func (e *HTMLEngine) parse() error {
	files, err := templateFiles(&e.cfg, e.fsys)
	if err != nil {
		return fmt.Errorf("render: reading templates: %w", err)
	}
	shared := template.New("").Funcs(e.funcs)
	var pages []file
	for _, f := range files {
		if !strings.HasPrefix(f.name, layoutsDir) && !strings.HasPrefix(f.name, partialsDir) {
			pages = append(pages, f)
			continue
		}
		if _, err := shared.New(f.name).Parse(f.text); err != nil {
			return fmt.Errorf("render: %w", err)
		}
	}
	layout := e.cfg.Layout
	if layout == "" {
		layout = layoutsDir + "base.html"
		if shared.Lookup(layout) == nil {
			layout = ""
		}
	} else if shared.Lookup(layout) == nil {
		return fmt.Errorf("render: layout %q not found", layout)
	}

	next := &htmlPages{pages: make(map[string]htmlPage, len(pages))}
	for _, f := range pages {
		set, err := shared.Clone()
		if err != nil {
			return fmt.Errorf("render: %w", err)
		}
		t, err := set.New(f.name).Parse(f.text)
		if err != nil {
			return fmt.Errorf("render: %w", err)
		}
		entry := f.name
		if layout != "" && emptyBody(t) {
			entry = layout
		}
		next.pages[f.name] = htmlPage{set: set, entry: entry}
		next.names = append(next.names, f.name)
	}
	e.pages.Store(next)
	return nil
}

// emptyBody reports whether a page has nothing outside its {{define}}
// blocks but white space and comments.
func emptyBody(t *template.Template) bool {
	if t.Tree == nil || t.Tree.Root == nil {
		return true
	}
	for _, n := range t.Tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			if strings.TrimSpace(string(n.Text)) != "" {
				return false
			}
		case *parse.CommentNode:
		default:
			return false
		}
	}
	return true
}
