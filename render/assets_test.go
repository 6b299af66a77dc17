package render_test

import (
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pylonweb/pylon/middleware"
	"github.com/pylonweb/pylon/render"
)

func TestAssetsServedImmutable(t *testing.T) {
	for _, tc := range []struct {
		name   string
		assets *render.Assets
	}{
		{"dir", &render.Assets{Dir: "testdata/static"}},
		{"embed", &render.Assets{FS: mustSub(t, "testdata/static")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.assets
			u, err := a.URL("css/site.css")
			if err != nil {
				t.Fatal(err)
			}
			h := middleware.StaticHandler(middleware.StaticConfig{Root: a, Prefix: "/static/", Immutable: a.Immutable})
			rec := get(h, u, "")
			if rec.Code != 200 || rec.Body.String() != "body{color:#222}\n" {
				t.Fatalf("GET %s: %d %q", u, rec.Code, rec.Body)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("hashed name: Cache-Control %q", cc)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
				t.Errorf("Content-Type %q", ct)
			}
			rec = get(h, "/static/css/site.css", "")
			if rec.Code != 200 || rec.Header().Get("Cache-Control") != "no-cache" {
				t.Errorf("plain name: %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
			}
			if rec := get(h, "/static/css/site.0123456789.css", ""); rec.Code != http.StatusNotFound {
				t.Errorf("stale hash: %d", rec.Code)
			}
		})
	}
}

func mustSub(t *testing.T, dir string) fs.FS {
	t.Helper()
	sub, err := fs.Sub(testdata, dir)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestAssetsHashFollowsContent(t *testing.T) {
	fsys := fstest.MapFS{"app.js": {Data: []byte("v1")}, "LICENSE": {Data: []byte("MIT")}}
	a := &render.Assets{FS: fsys, Prefix: "/assets", Reload: true}
	u1, err := a.URL("app.js")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u1, "/assets/app.") || !strings.HasSuffix(u1, ".js") {
		t.Errorf("URL %q", u1)
	}
	fsys["app.js"] = &fstest.MapFile{Data: []byte("version 2")}
	u2, _ := a.URL("app.js")
	if u1 == u2 {
		t.Error("the URL did not change with the content")
	}
	lic, err := a.URL("LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	f, err := a.Open(strings.TrimPrefix(lic, "/assets/"))
	if err != nil {
		t.Fatalf("open %s: %v", lic, err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "MIT" {
		t.Errorf("LICENSE = %q", b)
	}
	if _, err := a.URL("missing.css"); err == nil {
		t.Error("a missing asset has a URL")
	}
	for name, want := range map[string]bool{
		"site.3f9a1c2b7d.css": true, "LICENSE.3f9a1c2b7d": true,
		"site.css": false, "site.3F9A1C2B7D.css": false, "site.3f9a1c2b7.css": false, "jquery.min.js": false,
	} {
		if got := a.Immutable(name); got != want {
			t.Errorf("Immutable(%q) = %v", name, got)
		}
	}
}
