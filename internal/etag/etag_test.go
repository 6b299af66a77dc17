package etag_test

import (
	"io"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pylonweb/pylon/internal/etag"
)

func tag(t *testing.T, c *etag.Cache, fsys fstest.MapFS, name string) string {
	t.Helper()
	f, err := fsys.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	tag, err := c.Tag(name, fi, f.(io.ReadSeeker))
	if err != nil {
		t.Fatal(err)
	}
	return tag
}

func TestContentTagFollowsContent(t *testing.T) {
	var c etag.Cache
	fsys := fstest.MapFS{"a.txt": {Data: []byte("AAAA")}}
	first := tag(t, &c, fsys, "a.txt")
	if strings.HasPrefix(first, "W/") || tag(t, &c, fsys, "a.txt") != first {
		t.Fatalf("tag %q: want a strong tag, the same twice", first)
	}
	fsys["a.txt"] = &fstest.MapFile{Data: []byte("BBBBB")}
	if tag(t, &c, fsys, "a.txt") == first {
		t.Fatal("a file that changed kept its tag")
	}
}

func TestWeakTagFromModTime(t *testing.T) {
	var c etag.Cache
	mod := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	fsys := fstest.MapFS{"a.txt": {Data: []byte("AAAA"), ModTime: mod}}
	if got, want := tag(t, &c, fsys, "a.txt"), etag.Weak(4, mod); got != want || !strings.HasPrefix(got, `W/"`) {
		t.Fatalf("tag %q, want %q", got, want)
	}
}
