package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pylonweb/pylon/middleware"
)

var staticFS = fstest.MapFS{
	"hello.txt":             {Data: []byte("hello, world\n")},
	"app.3f9a1c2b.js":       {Data: []byte("console.log(1)\n")},
	"docs/index.html":       {Data: []byte("<h1>docs</h1>\n")},
	"empty/a.txt":           {Data: []byte("a")},
	"empty/sub/b.txt":       {Data: []byte("b")},
	".env":                  {Data: []byte("SECRET=1")},
	".well-known/security":  {Data: []byte("contact")},
	"weird/<b>&\"x\".txt":   {Data: []byte("w")},
	"nested/dir/index.html": {Data: []byte("deep")},
}

// notFoundNext marks requests that fell through Static.
var notFoundNext = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusTeapot)
})

func TestStaticHandler(t *testing.T) {
	h := middleware.StaticHandler(middleware.StaticConfig{Root: staticFS})
	tests := []struct {
		name       string
		method     string
		target     string
		wantStatus int
		wantBody   string
		wantHeader map[string]string
	}{
		{"file", "GET", "/hello.txt", 200, "hello, world\n", map[string]string{
			"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache", "Last-Modified": "",
		}},
		{"head", "HEAD", "/hello.txt", 200, "", map[string]string{"Content-Length": "13"}},
		{"index", "GET", "/docs/", 200, "<h1>docs</h1>\n", nil},
		{"dir redirect", "GET", "/docs?x=1", 301, "", map[string]string{"Location": "docs/?x=1"}},
		{"nested dir redirect", "GET", "/nested/dir", 301, "", map[string]string{"Location": "dir/"}},
		{"root without index", "GET", "/", 404, "404 page not found\n", nil},
		{"dir without index", "GET", "/empty/", 404, "404 page not found\n", nil},
		{"file with slash", "GET", "/hello.txt/", 404, "404 page not found\n", nil},
		{"missing", "GET", "/nope.txt", 404, "404 page not found\n", nil},
		{"dot file", "GET", "/.env", 404, "404 page not found\n", nil},
		{"well-known", "GET", "/.well-known/security", 200, "contact", nil},
		{"post", "POST", "/hello.txt", 405, "Method Not Allowed\n", map[string]string{"Allow": "GET, HEAD"}},
		{"range", "GET", "/hello.txt", 206, "hello", map[string]string{"Content-Range": "bytes 0-4/13"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, nil)
			if tt.name == "range" {
				req.Header.Set("Range", "bytes=0-4")
			}
			rec := serve(h, req)
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			for k, v := range tt.wantHeader {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestStaticTraversal(t *testing.T) {
	root := t.TempDir()
	pub := filepath.Join(root, "public")
	must(t, os.Mkdir(pub, 0o755))
	must(t, os.WriteFile(filepath.Join(root, "secret.txt"), []byte("secret"), 0o644))
	must(t, os.WriteFile(filepath.Join(pub, "ok.txt"), []byte("ok"), 0o644))
	must(t, os.Symlink(filepath.Join(root, "secret.txt"), filepath.Join(pub, "link.txt")))

	for _, cfg := range []middleware.StaticConfig{{Dir: pub}, {Root: fstest.MapFS{"ok.txt": {Data: []byte("ok")}}}} {
		h := middleware.StaticHandler(cfg)
		for _, target := range []string{
			"/../secret.txt",
			"/%2e%2e/secret.txt",
			"/%2E%2E%2Fsecret.txt",
			"/sub/../../secret.txt",
			"/..%5csecret.txt",
			"/%5c..%5csecret.txt",
			"//secret.txt",
			"/" + root + "/secret.txt",
			"/ok.txt%00",
			"/ok.txt%00.png",
			"/./ok.txt",
			"/link.txt",
		} {
			// As net/http parses a request line: no dot-segment removal.
			req := httptest.NewRequest("GET", "/", nil)
			var err error
			if req.URL, err = url.ParseRequestURI(target); err != nil {
				t.Fatal(err)
			}
			rec := serve(h, req)
			if rec.Code != 404 || strings.Contains(rec.Body.String(), "secret") {
				t.Errorf("dir=%q %s: got %d %q, want 404", cfg.Dir, target, rec.Code, rec.Body)
			}
		}
		if rec := serve(h, httptest.NewRequest("GET", "/ok.txt", nil)); rec.Code != 200 {
			t.Errorf("dir=%q /ok.txt: %d", cfg.Dir, rec.Code)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestStaticETagEmbedded(t *testing.T) {
	h := middleware.StaticHandler(middleware.StaticConfig{Root: staticFS})
	rec := serve(h, httptest.NewRequest("GET", "/hello.txt", nil))
	etag := rec.Header().Get("Etag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("ETag = %q, want a strong hash", etag)
	}
	if again := serve(h, httptest.NewRequest("GET", "/hello.txt", nil)).Header().Get("Etag"); again != etag {
		t.Fatalf("ETag changed: %q then %q", etag, again)
	}
	req := httptest.NewRequest("GET", "/hello.txt", nil)
	req.Header.Set("If-None-Match", etag)
	if rec := serve(h, req); rec.Code != 304 || rec.Body.Len() != 0 {
		t.Fatalf("If-None-Match: got %d %q, want 304", rec.Code, rec.Body)
	}
	other := serve(h, httptest.NewRequest("GET", "/docs/index.html", nil)).Header().Get("Etag")
	if other == etag {
		t.Fatal("two files share an ETag")
	}
}

func TestStaticDisk(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.css")
	must(t, os.WriteFile(name, []byte("body{}"), 0o644))
	mtime := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	must(t, os.Chtimes(name, mtime, mtime))
	h := middleware.StaticHandler(middleware.StaticConfig{Dir: dir, MaxAge: time.Hour})

	rec := serve(h, httptest.NewRequest("GET", "/a.css", nil))
	if rec.Code != 200 || rec.Body.String() != "body{}" {
		t.Fatalf("got %d %q", rec.Code, rec.Body)
	}
	etag := rec.Header().Get("Etag")
	if !strings.HasPrefix(etag, `W/"`) {
		t.Errorf("ETag = %q, want weak", etag)
	}
	if got := rec.Header().Get("Last-Modified"); got != "Wed, 01 May 2024 12:00:00 GMT" {
		t.Errorf("Last-Modified = %q", got)
	}
	if got := rec.Header().Get("Cache-Control"); got != "public, max-age=3600" {
		t.Errorf("Cache-Control = %q", got)
	}
	req := httptest.NewRequest("GET", "/a.css", nil)
	req.Header.Set("If-None-Match", etag)
	if rec := serve(h, req); rec.Code != 304 {
		t.Errorf("If-None-Match: %d, want 304", rec.Code)
	}
	req = httptest.NewRequest("GET", "/a.css", nil)
	req.Header.Set("If-Modified-Since", "Wed, 01 May 2024 12:00:00 GMT")
	if rec := serve(h, req); rec.Code != 304 {
		t.Errorf("If-Modified-Since: %d, want 304", rec.Code)
	}
	later := mtime.Add(time.Minute)
	must(t, os.Chtimes(name, later, later))
	if again := serve(h, httptest.NewRequest("GET", "/a.css", nil)).Header().Get("Etag"); again == etag {
		t.Errorf("ETag %q unchanged after the file changed", etag)
	}
}

func TestStaticMiddleware(t *testing.T) {
	h := middleware.Static(middleware.StaticConfig{Root: staticFS, Prefix: "/assets"})(notFoundNext)
	tests := []struct {
		method, target string
		wantStatus     int
	}{
		{"GET", "/assets/hello.txt", 200},
		{"GET", "/assets/missing.txt", 418},
		{"GET", "/hello.txt", 418},
		{"GET", "/assetsx/hello.txt", 418},
		{"POST", "/assets/hello.txt", 418},
		{"GET", "/assets/empty/", 418},
		{"GET", "/assets/docs/", 200},
		{"GET", "/assets/%2e%2e/assets/hello.txt", 418},
	}
	for _, tt := range tests {
		if rec := serve(h, httptest.NewRequest(tt.method, tt.target, nil)); rec.Code != tt.wantStatus {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.target, rec.Code, tt.wantStatus)
		}
	}
}

func TestStaticImmutable(t *testing.T) {
	h := middleware.StaticHandler(middleware.StaticConfig{Root: staticFS, Immutable: middleware.IsHashedName})
	for target, want := range map[string]string{
		"/app.3f9a1c2b.js": "public, max-age=31536000, immutable",
		"/hello.txt":       "no-cache",
	} {
		if got := serve(h, httptest.NewRequest("GET", target, nil)).Header().Get("Cache-Control"); got != want {
			t.Errorf("%s: Cache-Control = %q, want %q", target, got, want)
		}
	}
}

func TestStaticBrowse(t *testing.T) {
	h := middleware.StaticHandler(middleware.StaticConfig{Root: staticFS, Browse: true})
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	b := rec.Body.String()
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("got %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{`<a href="hello.txt">hello.txt</a>`, `<a href="empty/">empty/</a>`, `<a href=".well-known/">`} {
		if !strings.Contains(b, want) {
			t.Errorf("listing lacks %s:\n%s", want, b)
		}
	}
	if strings.Contains(b, ".env") {
		t.Errorf("listing shows a dot file:\n%s", b)
	}
	rec = serve(h, httptest.NewRequest("GET", "/weird/", nil))
	if strings.Contains(rec.Body.String(), "<b>") || !strings.Contains(rec.Body.String(), "&lt;b&gt;&amp;&#34;x&#34;.txt") {
		t.Errorf("names not escaped:\n%s", rec.Body)
	}
}

func TestStaticConfigPanics(t *testing.T) {
	for _, cfg := range []middleware.StaticConfig{{}, {Root: staticFS, Dir: "."}, {Dir: "does-not-exist"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", cfg)
				}
			}()
			middleware.StaticHandler(cfg)
		}()
	}
}

func TestIsHashedName(t *testing.T) {
	for name, want := range map[string]bool{
		"app.3f9a1c2b.js":        true,
		"index-BXl9q2Jd.js":      true,
		"chunk-5GQ7ZK2M.css":     true,
		"assets/app.3f9a1c2b.js": true,
		"app.js":                 false,
		"app-settings.js":        false,
		"abcdef12.js":            false,
		"app.1234567.js":         false,
		"app.12345678.js":        false,
		"app.3f9a1c2b":           false,
		"":                       false,
	} {
		if got := middleware.IsHashedName(name); got != want {
			t.Errorf("IsHashedName(%q) = %v, want %v", name, got, want)
		}
	}
}

// The redirect that adds a directory's final slash stays on the site
// whatever the directory is called: a name like "https:evil.example" would
// otherwise be a Location to another host, and "a?b" or "c#d" would lose
// the part after the mark.
func TestStaticDirRedirectStaysOnSite(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, dir := range []string{"https:evil.example", "a?b", "c#d"} {
		fsys[dir+"/index.html"] = &fstest.MapFile{Data: []byte("index")}
	}
	h := middleware.StaticHandler(middleware.StaticConfig{Root: fsys})
	for _, dir := range []string{"https:evil.example", "a?b", "c#d"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = "/" + dir
		rec := serve(h, req)
		loc := rec.Header().Get("Location")
		base, _ := url.Parse("https://site.example/" + dir)
		u, err := url.Parse(loc)
		if rec.Code != http.StatusMovedPermanently || err != nil {
			t.Errorf("%s: %d, Location %q (%v)", dir, rec.Code, loc, err)
			continue
		}
		if got := base.ResolveReference(u); got.Host != "site.example" || got.Path != "/"+dir+"/" {
			t.Errorf("%s: Location %q leads to %s", dir, loc, got)
		}
	}
}
