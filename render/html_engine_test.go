package render_test

import (
	"embed"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon/render"
)

//go:embed testdata/html testdata/static
var testdata embed.FS

func htmlFS(t *testing.T) fs.FS {
	t.Helper()
	sub, err := fs.Sub(testdata, "testdata/html")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestHTMLLayoutAndPartials(t *testing.T) {
	e, err := render.NewHTMLEngine(render.Config{Dir: "testdata/html"})
	if err != nil {
		t.Fatal(err)
	}
	got := renderString(t, e, "home.html", map[string]any{"Title": "Welcome"})
	mustContain(t, got,
		"<title>Home · Welcome</title>",   // the page fills the layout's title block
		`<nav><a href="/">Home</a></nav>`, // the partial
		"<main><h1>Welcome</h1></main>",   // the content block
		"<!doctype html>")
	// A page with a body renders the body, not the layout.
	got = renderString(t, e, "standalone.html", map[string]any{"Title": "S"})
	if strings.TrimSpace(got) != "<p>standalone S</p>" {
		t.Errorf("standalone = %q", got)
	}
	if !e.Has("home.html") || e.Has("layouts/base.html") || e.Has("partials/nav.html") || e.Has("nope.html") {
		t.Errorf("Has is wrong; names %v", e.Names())
	}
}

func TestHTMLEmbedMatchesDir(t *testing.T) {
	dir, err := render.NewHTMLEngine(render.Config{Dir: "testdata/html"})
	if err != nil {
		t.Fatal(err)
	}
	emb, err := render.NewHTMLEngine(render.Config{FS: htmlFS(t)})
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"Title": "Same"}
	if a, b := renderString(t, dir, "home.html", data), renderString(t, emb, "home.html", data); a != b {
		t.Errorf("dir and embed.FS differ:\n%s\n---\n%s", a, b)
	}
	if strings.Join(dir.Names(), ",") != strings.Join(emb.Names(), ",") {
		t.Errorf("names differ: %v vs %v", dir.Names(), emb.Names())
	}
}

func TestHTMLExplicitLayout(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"layouts/main.html":  `[{{block "content" .}}{{end}}]`,
		"layouts/admin.html": `admin({{block "content" .}}{{end}})`,
		"a.html":             `{{define "content"}}A{{end}}`,
		"b.html":             `{{template "layouts/admin.html" .}}{{define "content"}}B{{end}}`,
	})
	e, err := render.NewHTMLEngine(render.Config{Dir: dir, Layout: "layouts/main.html"})
	if err != nil {
		t.Fatal(err)
	}
	if got := renderString(t, e, "a.html", nil); got != "[A]" {
		t.Errorf("a.html = %q, want [A]", got)
	}
	if got := renderString(t, e, "b.html", nil); got != "admin(B)" {
		t.Errorf("b.html = %q, want admin(B)", got)
	}
	if _, err := render.NewHTMLEngine(render.Config{Dir: dir, Layout: "layouts/missing.html"}); err == nil {
		t.Error("a missing layout is not an error")
	}
}

func TestHTMLReload(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"layouts/base.html": `<main>{{block "content" .}}{{end}}</main>`,
		"page.html":         `{{define "content"}}v1{{end}}`,
	})
	for _, reload := range []bool{false, true} {
		e, err := render.NewHTMLEngine(render.Config{Dir: dir, Reload: reload})
		if err != nil {
			t.Fatal(err)
		}
		if got := renderString(t, e, "page.html", nil); got != "<main>v1</main>" {
			t.Fatalf("first render = %q", got)
		}
		writeFiles(t, dir, map[string]string{"page.html": `{{define "content"}}v2{{end}}`})
		want := "<main>v1</main>" // parsed once
		if reload {
			want = "<main>v2</main>"
		}
		if got := renderString(t, e, "page.html", nil); got != want {
			t.Errorf("reload=%v: after a change = %q, want %q", reload, got, want)
		}
		// A layout change, and a new page, are seen too.
		writeFiles(t, dir, map[string]string{
			"layouts/base.html": `<div>{{block "content" .}}{{end}}</div>`,
			"new.html":          `{{define "content"}}new{{end}}`,
		})
		if reload {
			if got := renderString(t, e, "new.html", nil); got != "<div>new</div>" {
				t.Errorf("new page = %q", got)
			}
		} else if e.Has("new.html") {
			t.Error("a new page appeared without reload")
		}
		writeFiles(t, dir, map[string]string{ // back to the start
			"layouts/base.html": `<main>{{block "content" .}}{{end}}</main>`,
			"page.html":         `{{define "content"}}v1{{end}}`,
		})
		os.Remove(dir + "/new.html")
	}
}

func TestHTMLReloadParseErrorThenFix(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"page.html": `ok`})
	e, err := render.NewHTMLEngine(render.Config{Dir: dir, Reload: true})
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"page.html": "line one\n{{if}}"})
	if err := e.Render(&strings.Builder{}, "page.html", nil); err == nil || !strings.Contains(err.Error(), "page.html:2") {
		t.Errorf("broken template: err = %v, want one naming page.html:2", err)
	}
	writeFiles(t, dir, map[string]string{"page.html": `fixed`})
	if got := renderString(t, e, "page.html", nil); got != "fixed" {
		t.Errorf("after the fix = %q", got)
	}
}

func TestHTMLErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		data  any
		want  []string // in the error from NewHTMLEngine, or else from Render
	}{
		{"parse error in a page", map[string]string{"p.html": "a\nb\n{{.X"}, nil, []string{"p.html:3"}},
		{"parse error in a partial", map[string]string{"partials/x.html": "\n{{end}}", "p.html": "x"}, nil, []string{"partials/x.html:2"}},
		{"unknown function", map[string]string{"p.html": "\n{{nosuch 1}}"}, nil, []string{"p.html:2", "nosuch"}},
		{"execution error", map[string]string{"p.html": "one\ntwo {{.Missing.Field}}"}, map[string]any{"Missing": 3}, []string{`"p.html"`, "p.html:2", "Field"}},
		{"helper error", map[string]string{"p.html": `{{date "x"}}`}, nil, []string{"p.html:1", "date of string"}},
		{"execution error in a layout", map[string]string{"layouts/base.html": "\n\n{{.Nope.X}}", "p.html": `{{define "content"}}{{end}}`}, map[string]any{"Nope": 1}, []string{`"p.html"`, "layouts/base.html:3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			e, err := render.NewHTMLEngine(render.Config{Dir: dir})
			if err == nil {
				err = e.Render(&strings.Builder{}, "p.html", tt.data)
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestHTMLHelpers(t *testing.T) {
	app := newApp(t, false)
	assets := &render.Assets{Dir: "testdata/static"}
	e, err := render.NewHTMLEngine(render.Config{Dir: "testdata/html", Funcs: app.TemplateFuncs(), Assets: assets})
	if err != nil {
		t.Fatal(err)
	}
	site, _ := assets.URL("css/site.css")
	got := renderString(t, e, "articles/show.html", map[string]any{
		"ID": 42, "Title": "Hello",
		"Flashes":   []render.Flash{{Category: "success", Text: "Saved <b>"}},
		"CSRFToken": `tok"en`,
		"When":      time.Date(2024, 3, 9, 10, 0, 0, 0, time.UTC),
		"Views":     1234567, "Comments": 3,
		"Body": "A long body of text",
	})
	mustContain(t, got,
		`<a href="/articles/42">Hello</a>`,
		`href="`+site+`"`,
		`<p class="flash flash-success" role="status">Saved &lt;b&gt;</p>`,
		`<input type="hidden" name="csrf_token" value="tok&#34;en">`,
		"9 Mar 2024 · 2024-03-09 · 1,234,567 · 3 comments · A long bo…")
	if !strings.HasPrefix(site, "/static/css/site.") || !strings.HasSuffix(site, ".css") || len(site) != len("/static/css/site..css")+10 {
		t.Errorf("asset URL = %q", site)
	}
}

func TestURLHelperWithoutApp(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"p.html": `{{url "x"}}`})
	e, err := render.NewHTMLEngine(render.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Render(&strings.Builder{}, "p.html", nil); err == nil || !strings.Contains(err.Error(), "app.TemplateFuncs") {
		t.Errorf("err = %v", err)
	}
}
