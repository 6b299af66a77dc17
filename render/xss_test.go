package render_test

import (
	"html/template"
	"testing"

	"github.com/pylonweb/pylon/render"
)

const payload = `"><script>alert('x')</script><img src=x onerror=alert(1)>`

// TestXSSEscapedHTMLTemplate renders the payload in HTML text, an
// attribute, a URL query, a URL and a script, and checks that it never
// comes out as markup.
func TestXSSEscapedHTMLTemplate(t *testing.T) {
	e, err := render.NewHTMLEngine(render.Config{Dir: "testdata/html"})
	if err != nil {
		t.Fatal(err)
	}
	got := renderString(t, e, "xss.html", map[string]any{"P": payload, "URL": "javascript:alert(1)"})
	mustNotContain(t, got, "<script>alert", "<img", `"><`, "javascript:")
	mustContain(t, got,
		`<p>&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p>`, // text
		`title="&#34;&gt;&lt;script&gt;`,            // attribute
		`href="/search?q=%22%3e%3cscript%3e`,        // URL query
		`href="#ZgotmplZ"`,                          // an unsafe URL scheme is replaced
		`var v = "\"\u003e\u003cscript\u003ealert(`) // JS string
}

func TestXSSEscapedJinja(t *testing.T) {
	e := newJinja(t, render.Config{Funcs: newApp(t, false).TemplateFuncs(), Assets: &render.Assets{Dir: "testdata/static"}})
	got := renderString(t, e, "xss.html", map[string]any{"p": payload})
	text := "&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
	mustContain(t, got, "<p>"+text+"</p>", `<a title="`+text+`">`)
	// |safe is the author's explicit opt-out, and it works.
	mustContain(t, got, "<p>"+payload+"</p>")
	// Helpers escape what they are given though their output is marked safe.
	got = renderString(t, e, "helpers.html", map[string]any{
		"CSRFToken": payload, "Flashes": []render.Flash{{Category: payload, Text: payload}},
		"when": nil, "views": 1, "n": 2, "body": "",
	})
	mustNotContain(t, got, "<script>", "<img")
}

// A template.HTML value is trusted by html/template, but gonja does not
// know the type: it is escaped like any string, and |safe opts out.
func TestJinjaEscapesTemplateHTML(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"p.html": `{{ v }}|{{ v|safe }}`})
	e := newJinja(t, render.Config{Dir: dir})
	if got := renderString(t, e, "p.html", map[string]any{"v": template.HTML("<b>")}); got != "&lt;b&gt;|<b>" {
		t.Errorf("got %q", got)
	}
}
