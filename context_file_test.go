package pylon_test

import (
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pylonweb/pylon"
)

// A file without a modification time (embed.FS, MapFS) gets an ETag from
// its content: after a redeploy that keeps the size, the old tag no longer
// gets a 304.
func TestFileFSTagFollowsContent(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": {Data: []byte("AAAA")}}
	app := newApp(pylon.Config{})
	app.GET("/a", func(c *pylon.Context) error { return c.FileFS(fsys, "a.txt") })

	w := do(t, app, "GET", "/a", "")
	wantStatus(t, w, http.StatusOK)
	old := w.Header().Get("ETag")
	if old == "" || strings.HasPrefix(old, "W/") {
		t.Fatalf("ETag = %q, want a strong tag", old)
	}
	wantStatus(t, do(t, app, "GET", "/a", "", "If-None-Match", old), http.StatusNotModified)

	fsys["a.txt"] = &fstest.MapFile{Data: []byte("BBBB")}
	w = do(t, app, "GET", "/a", "", "If-None-Match", old)
	wantStatus(t, w, http.StatusOK)
	if w.Body.String() != "BBBB" || w.Header().Get("ETag") == old {
		t.Fatalf("body %q, ETag %q: want the new content under a new tag", w.Body.String(), w.Header().Get("ETag"))
	}
}

// The same for a comparable fs.FS, whose tags are cached per file.
func TestFileFSCachedTag(t *testing.T) {
	m := fstest.MapFS{"a.txt": {Data: []byte("AAAA")}}
	fsys := constFS{&m}
	app := newApp(pylon.Config{})
	app.GET("/a", func(c *pylon.Context) error { return c.FileFS(fsys, "a.txt") })
	first := do(t, app, "GET", "/a", "").Header().Get("ETag")
	if first == "" || do(t, app, "GET", "/a", "").Header().Get("ETag") != first {
		t.Fatalf("ETag %q: want the same strong tag twice", first)
	}
	wantStatus(t, do(t, app, "GET", "/a", "", "If-None-Match", first), http.StatusNotModified)
}

// constFS is a comparable fs.FS, as embed.FS is.
type constFS struct{ m *fstest.MapFS }

func (f constFS) Open(name string) (fs.File, error) { return (*f.m).Open(name) }

func TestFileFSRefusesTraversal(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": {Data: []byte("A")}}
	app := newApp(pylon.Config{})
	app.GET("/f/{path...}", func(c *pylon.Context) error { return c.FileFS(fsys, c.Param("path")) })
	for _, target := range []string{"/f/..%2Fsecret.txt", "/f/a%2F..%2F..%2Fsecret.txt", "/f/missing.txt"} {
		wantStatus(t, do(t, app, "GET", target, ""), http.StatusNotFound)
	}
}
