package render_test

import (
	"bufio"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/render"
)

// TestStreamHTML reads the start of a page from a real server while the
// template is still waiting for data: the page is sent as it renders.
const streamChunk = 4 << 10 // as in stream.go

func TestStreamHTML(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"feed.html": `<h1>{{.Title}}</h1>` + strings.Repeat(" ", 5000) + "\n" + `{{range .Items}}<li>{{.}}</li>{{end}}`,
	})
	items := make(chan string)
	app := newApp(t, false)
	if err := app.Plug(&render.Renderer{Templates: render.Config{Dir: dir}}); err != nil {
		t.Fatal(err)
	}
	app.GET("/feed", func(c *pylon.Context) error {
		return render.StreamHTML(c, 200, "feed.html", render.M{"Title": "Feed", "Items": items})
	})
	srv := httptest.NewServer(app)
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL + "/feed")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	r := bufio.NewReader(res.Body)
	// The first 4 KiB arrive before any item is sent.
	first := make([]byte, streamChunk)
	if _, err := io.ReadFull(r, first); err != nil || !strings.HasPrefix(string(first), "<h1>Feed</h1>") {
		t.Fatalf("first chunk %q, %v", first[:20], err)
	}
	items <- "<a>"
	close(items)
	rest := readBody(t, r)
	if !strings.HasSuffix(rest, "\n<li>&lt;a&gt;</li>") {
		t.Errorf("rest %q", rest)
	}
}
