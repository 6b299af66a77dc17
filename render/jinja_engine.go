package render

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"slices"
	"sync/atomic"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/config"
	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/parser"
)

// JinjaEngine renders Jinja2-syntax templates with
// github.com/nikolalohinski/gonja/v2, so that templates brought from
// Pylons (or Flask) keep working: {% extends %}, {% block %},
// {% include %}, {% macro %} and {% import %}, filters and tests. It is
// safe for concurrent use.
//
// Autoescaping is on: a string printed with {{ }} is HTML-escaped unless
// it is marked safe (|safe, or a helper returning template.HTML). Names in
// extends, include and import are relative to the template root, as with
// Jinja2's FileSystemLoader. Every template file is a template; there is no
// layout convention beyond extends.
//
// Pylon's helpers ([Funcs] and Config.Funcs) are global functions:
// {{ url("article", "id", 7) }}, {{ asset("css/site.css") }},
// {{ csrfField(CSRFToken) }}, {{ flashes(Flashes) }}; date, number,
// pluralize and asset are filters too. Data is a map with string keys
// or a struct, whose exported fields become the template's variables.
type JinjaEngine struct {
	cfg       Config
	fsys      fs.FS
	env       *exec.Environment
	gonjaCfg  *config.Config
	templates atomic.Pointer[jinjaTemplates]
	reload    reloader
}

type jinjaTemplates struct {
	byName map[string]*exec.Template
	names  []string
}

// NewJinjaEngine parses the templates that cfg names and returns the
// engine. A syntax error names the file, the line and the column.
func NewJinjaEngine(cfg Config) (*JinjaEngine, error) {
	e := &JinjaEngine{cfg: cfg, fsys: cfg.fsys()}
	e.gonjaCfg = config.New()
	e.gonjaCfg.AutoEscape = true

	funcs := Funcs(cfg.Assets)
	for k, v := range cfg.Funcs {
		funcs[k] = v
	}
	globals := make(map[string]any, len(funcs))
	for name, fn := range funcs {
		if reflect.TypeOf(fn).Kind() == reflect.Func {
			globals[name] = jinjaGlobal(name, fn)
		}
	}
	filters := exec.NewFilterSet(map[string]exec.FilterFunction{}).Update(builtins.Filters)
	for _, name := range jinjaFilters {
		if fn, ok := funcs[name]; ok && !filters.Exists(name) {
			filters.Register(name, jinjaFilter(name, fn))
		}
	}
	e.env = &exec.Environment{
		Context: exec.EmptyContext().
			Update(builtins.GlobalFunctions).
			Update(builtins.GlobalVariables).
			Update(exec.NewContext(globals)),
		Filters:           filters,
		Tests:             exec.NewTestSet(map[string]exec.TestFunction{}).Update(builtins.Tests),
		ControlStructures: exec.NewControlStructureSet(map[string]parser.ControlStructureParser{}).Update(builtins.ControlStructures),
		Methods:           builtins.Methods,
	}
	if err := e.parse(); err != nil {
		return nil, err
	}
	if cfg.Reload {
		e.reload.mark(&e.cfg, e.fsys)
	}
	return e, nil
}

// Render executes the named template with data. In reload mode it first
// parses the templates again if a file changed (included files are read at
// every render anyway).
func (e *JinjaEngine) Render(w io.Writer, name string, data any) error {
	if e.cfg.Reload {
		if err := e.reload.check(&e.cfg, e.fsys, e.parse); err != nil {
			return err
		}
	}
	t, ok := e.templates.Load().byName[name]
	if !ok {
		return fmt.Errorf("render: no template %q", name)
	}
	ctx, err := jinjaContext(data)
	if err != nil {
		return err
	}
	if err := t.Execute(w, ctx); err != nil {
		return fmt.Errorf("render: %q: %w", name, err)
	}
	return nil
}

// Has reports whether name is a template.
func (e *JinjaEngine) Has(name string) bool {
	_, ok := e.templates.Load().byName[name]
	return ok
}

// Names returns the template names in lexical order.
func (e *JinjaEngine) Names() []string { return slices.Clone(e.templates.Load().names) }

func (e *JinjaEngine) parse() error {
	files, err := templateFiles(&e.cfg, e.fsys)
	if err != nil {
		return fmt.Errorf("render: reading templates: %w", err)
	}
	loader := fsLoader{e.fsys}
	next := &jinjaTemplates{byName: make(map[string]*exec.Template, len(files))}
	for _, f := range files {
		t, err := exec.NewTemplate(f.name, e.gonjaCfg, loader, e.env)
		if err != nil {
			return jinjaParseError(f.name, err)
		}
		next.byName[f.name] = t
		next.names = append(next.names, f.name)
	}
	e.templates.Store(next)
	return nil
}

// jinjaParseError names the file and the line. gonja's message quotes the
// whole template source, so only the cause is kept.
func jinjaParseError(name string, err error) error {
	var se *parser.SyntaxError
	if errors.As(err, &se) && se.Line > 0 {
		return fmt.Errorf("render: %s:%d:%d: %s (near %q)", name, se.Line, se.Column, se.Message, se.Raw)
	}
	if cause := errors.Unwrap(err); cause != nil {
		err = cause
	}
	return fmt.Errorf("render: %s: %w", name, err)
}

// jinjaContext turns template data into gonja's variables: the keys of a
// map, or the exported fields of a struct.
func jinjaContext(data any) (*exec.Context, error) {
	switch d := data.(type) {
	case nil:
		return exec.EmptyContext(), nil
	case map[string]any:
		return exec.NewContext(d), nil
	}
	v := reflect.ValueOf(data)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	vars := map[string]any{}
	switch {
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
		for it := v.MapRange(); it.Next(); {
			vars[it.Key().String()] = it.Value().Interface()
		}
	case v.Kind() == reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				vars[f.Name] = v.Field(i).Interface()
			}
		}
	default:
		return nil, fmt.Errorf("render: Jinja template data is %T, want a map with string keys or a struct", data)
	}
	return exec.NewContext(vars), nil
}
