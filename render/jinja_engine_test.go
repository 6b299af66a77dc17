package render_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pylonweb/pylon/render"
)

func newJinja(t *testing.T, cfg render.Config) *render.JinjaEngine {
	t.Helper()
	if cfg.FS == nil && cfg.Dir == "" {
		cfg.Dir = "testdata/jinja"
	}
	e, err := render.NewJinjaEngine(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestJinjaExtendsBlockIncludeMacroFilter(t *testing.T) {
	e := newJinja(t, render.Config{})
	got := renderString(t, e, "page.html", map[string]any{
		"title": "news", "user": "ann", "query": `a"b`,
		"items": []string{"first", "second"},
	})
	mustContain(t, got,
		"<title>NEWS</title>",              // block in the layout, with a filter
		"<nav>ann</nav>",                   // include
		"<h1>news</h1>",                    // content block
		`<input name="q" value="a&#34;b">`, // macro from an import, autoescaped
		"<li>1. First</li><li>2. Second</li>")
	mustNotContain(t, got, "&lt;input") // the macro's output is not escaped again
	if !e.Has("page.html") || !e.Has("layouts/base.html") || e.Has("nope.html") {
		t.Errorf("Has is wrong; names %v", e.Names())
	}
}

func TestJinjaStructData(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"p.html": `{{ Title }} {{ Count + 1 }}`})
	e := newJinja(t, render.Config{Dir: dir})
	got := renderString(t, e, "p.html", &struct {
		Title string
		Count int
	}{"T", 2})
	if got != "T 3" {
		t.Errorf("got %q", got)
	}
	if err := e.Render(&strings.Builder{}, "p.html", 3); err == nil {
		t.Error("int data accepted")
	}
}

func TestJinjaHelpers(t *testing.T) {
	app := newApp(t, false)
	assets := &render.Assets{Dir: "testdata/static"}
	e := newJinja(t, render.Config{Funcs: app.TemplateFuncs(), Assets: assets})
	site, _ := assets.URL("css/site.css")
	got := renderString(t, e, "helpers.html", map[string]any{
		"CSRFToken": "tok<",
		"Flashes":   []render.Flash{{Category: "error", Text: "Bad <i>"}},
		"when":      time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC),
		"views":     1234567, "n": 1, "body": "A long body of text",
	})
	mustContain(t, got,
		`<a href="/articles/7">`,
		`<link href="`+site+`"> `+site,
		`<input type="hidden" name="csrf_token" value="tok&lt;">`,
		`<p class="flash flash-error" role="alert">Bad &lt;i&gt;</p>`,
		"9 Mar 2024 2024-03-09 1,234,567 1 comment A long bo…")
}

func TestJinjaErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"p.html": "one\ntwo\n{{ x + }}"})
	_, err := render.NewJinjaEngine(render.Config{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "p.html:3") {
		t.Errorf("syntax error = %v, want one naming p.html:3", err)
	}
	if err != nil && strings.Contains(err.Error(), "one\ntwo") {
		t.Errorf("the error quotes the source: %v", err)
	}

	writeFiles(t, dir, map[string]string{"p.html": "one\n{{ date(x) }}"})
	e := newJinja(t, render.Config{Dir: dir})
	err = e.Render(&strings.Builder{}, "p.html", map[string]any{"x": "not a time"})
	if err == nil || !strings.Contains(err.Error(), `"p.html"`) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("execution error = %v, want one naming p.html and line 2", err)
	}
}

func TestJinjaReload(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"base.html": `<main>{% block c %}{% endblock %}</main>`,
		"p.html":    `{% extends "base.html" %}{% block c %}v1{% endblock %}`,
	})
	e := newJinja(t, render.Config{Dir: dir, Reload: true})
	if got := renderString(t, e, "p.html", nil); got != "<main>v1</main>" {
		t.Fatalf("got %q", got)
	}
	writeFiles(t, dir, map[string]string{"base.html": `<div>{% block c %}{% endblock %}</div>`})
	if got := renderString(t, e, "p.html", nil); got != "<div>v1</div>" {
		t.Errorf("after changing the parent: %q", got)
	}
}

func TestJinjaConcurrentRenders(t *testing.T) {
	e := newJinja(t, render.Config{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			var b strings.Builder
			if err := e.Render(&b, "page.html", map[string]any{"title": "t", "user": i, "items": []string{"x"}}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
