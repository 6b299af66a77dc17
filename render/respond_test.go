package render_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/render"
)

func pluggedApp(t *testing.T, debug bool, r *render.Renderer) *pylon.App {
	t.Helper()
	app := newApp(t, debug)
	if r.Engine == nil && r.Templates.Dir == "" && r.Templates.FS == nil {
		r.Templates.Dir = "testdata/html"
	}
	if err := app.Plug(r); err != nil {
		t.Fatal(err)
	}
	return app
}

func TestRendererHTML(t *testing.T) {
	app := pluggedApp(t, false, &render.Renderer{Templates: render.Config{Assets: &render.Assets{Dir: "testdata/static"}}})
	app.GET("/a/{id}", func(c *pylon.Context) error {
		c.Set(render.CSRFTokenKey, "tok123")
		c.Set(render.FlashesKey, []render.Flash{{Category: "info", Text: "Hi"}})
		return render.HTML(c, http.StatusCreated, "articles/show.html", render.M{"ID": c.Param("id"), "Title": "T", "Views": 1, "Comments": 1, "Body": "b"})
	})
	rec := get(app, "/a/9", "")
	if rec.Code != http.StatusCreated || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, type %q; body %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	mustContain(t, rec.Body.String(),
		`<a href="/articles/9">T</a>`,  // the App's url helper
		`value="tok123"`,               // the CSRF token from the Context
		`flash-info" role="status">Hi`) // the flashes from the Context
}

func TestTemplateErrorIsCleanError(t *testing.T) {
	var handled error
	app := pluggedApp(t, false, &render.Renderer{})
	app.ErrorHandler = func(c *pylon.Context, err error) {
		handled = err
		pylon.DefaultErrorHandler(c, err)
	}
	app.GET("/broken", func(c *pylon.Context) error {
		// .Views is a string: number fails after the page began rendering.
		return render.HTML(c, 200, "articles/show.html", render.M{"ID": 1, "Title": "T", "Views": "many", "Comments": 1})
	})
	rec := get(app, "/broken", "text/html")
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	mustNotContain(t, rec.Body.String(), "<nav>", "articles/") // no half page, no internals
	if handled == nil || !strings.Contains(handled.Error(), "articles/show.html:") {
		t.Errorf("error handler got %v, want the template error with its file and line", handled)
	}
}

func TestNoRenderer(t *testing.T) {
	app := newApp(t, false)
	c := make(chan error, 1)
	app.GET("/x", func(ctx *pylon.Context) error {
		err := render.HTML(ctx, 200, "home.html", nil)
		c <- err
		return err
	})
	get(app, "/x", "")
	if err := <-c; err == nil || !strings.Contains(err.Error(), "app.Plug") {
		t.Errorf("err = %v", err)
	}
}

func TestXMLAndText(t *testing.T) {
	type item struct {
		XMLName struct{} `xml:"item"`
		Name    string   `xml:"name,attr"`
		Body    string   `xml:"body"`
	}
	app := newApp(t, false)
	app.GET("/xml", func(c *pylon.Context) error { return render.XML(c, 200, item{Name: "a&b", Body: "<x>"}) })
	app.GET("/bad", func(c *pylon.Context) error { return render.XML(c, 200, make(chan int)) })
	app.GET("/text", func(c *pylon.Context) error { return render.Textf(c, 202, "n=%d", 3) })

	rec := get(app, "/xml", "")
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<item name="a&amp;b"><body>&lt;x&gt;</body></item>` + "\n"
	if rec.Body.String() != want || rec.Header().Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Errorf("xml: %q %q", rec.Header().Get("Content-Type"), rec.Body)
	}
	if rec := get(app, "/bad", "text/plain"); rec.Code != 500 || strings.Contains(rec.Body.String(), "<?xml") {
		t.Errorf("bad xml: %d %q", rec.Code, rec.Body)
	}
	if rec := get(app, "/text", ""); rec.Code != 202 || rec.Body.String() != "n=3" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Errorf("text: %d %q", rec.Code, rec.Body)
	}
}

func TestNegotiate(t *testing.T) {
	app := pluggedApp(t, false, &render.Renderer{})
	app.GET("/home", func(c *pylon.Context) error {
		return render.Negotiate(c, 200, render.M{"Title": "Neg"}, "home.html")
	})
	app.GET("/api", func(c *pylon.Context) error {
		return render.Negotiate(c, 200, render.M{"Title": "Neg"}, "")
	})
	tests := []struct {
		path, accept string
		code         int
		typ          string
	}{
		{"/home", "", 200, "text/html"},
		{"/home", "*/*", 200, "text/html"},
		{"/home", "text/html,application/xhtml+xml,*/*;q=0.8", 200, "text/html"},
		{"/home", "application/json", 200, "application/json"},
		{"/home", "application/json, text/html;q=0.5", 200, "application/json"},
		{"/home", "image/png", 406, ""},
		{"/api", "text/html", 406, ""},
		{"/api", "", 200, "application/json"},
	}
	for _, tt := range tests {
		rec := get(app, tt.path, tt.accept)
		if rec.Code != tt.code {
			t.Errorf("%s Accept %q: status %d, want %d", tt.path, tt.accept, rec.Code, tt.code)
			continue
		}
		if rec.Header().Get("Vary") != "Accept" {
			t.Errorf("%s Accept %q: Vary %q", tt.path, tt.accept, rec.Header().Get("Vary"))
		}
		if tt.code != 200 {
			continue
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.typ) {
			t.Errorf("%s Accept %q: Content-Type %q, want %s", tt.path, tt.accept, ct, tt.typ)
		}
		if tt.typ == "application/json" {
			var m map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || m["Title"] != "Neg" {
				t.Errorf("json body %q: %v", rec.Body, err)
			}
		} else {
			mustContain(t, rec.Body.String(), "<h1>Neg</h1>")
		}
	}
}

func TestRequestDataDoesNotChangeCallersMap(t *testing.T) {
	app := pluggedApp(t, false, &render.Renderer{})
	data := render.M{"Title": "x"}
	app.GET("/", func(c *pylon.Context) error {
		c.Set(render.CSRFTokenKey, "t")
		return render.HTML(c, 200, "home.html", data)
	})
	get(app, "/", "")
	if _, ok := data["CSRFToken"]; ok {
		t.Error("the caller's map was changed")
	}
}

func TestRendererInstallError(t *testing.T) {
	app := newApp(t, false)
	err := app.Plug(&render.Renderer{Templates: render.Config{Dir: "testdata/does-not-exist"}})
	if err == nil {
		t.Fatal("a missing template directory is not an error")
	}
	mustContain(t, err.Error(), `plugin "render"`)
}
