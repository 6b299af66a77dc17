package render_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/render"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// newApp returns an App with a named route "article" (/articles/{id}) and
// a quiet logger.
func newApp(t *testing.T, debug bool) *pylon.App {
	t.Helper()
	app := pylon.New(pylon.Config{Debug: debug})
	app.Logger = slog.New(slog.DiscardHandler)
	app.GET("/articles/{id}", func(c *pylon.Context) error { return nil }).Name("article")
	return app
}

// get serves a GET for target with the given Accept header.
func get(app http.Handler, target, accept string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}

func mustNotContain(t *testing.T, got string, nots ...string) {
	t.Helper()
	for _, n := range nots {
		if strings.Contains(got, n) {
			t.Errorf("output contains %q:\n%s", n, got)
		}
	}
}

func renderString(t *testing.T, e render.Engine, name string, data any) string {
	t.Helper()
	var b strings.Builder
	if err := e.Render(&b, name, data); err != nil {
		t.Fatalf("Render(%q): %v", name, err)
	}
	return b.String()
}

// writeFiles writes name → content files under dir, creating directories,
// and gives each a modification time after the last one's, so that reload
// sees a change even on a file system with a coarse clock.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		old, statErr := os.Stat(p)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if statErr == nil {
			next := old.ModTime().Add(2 * time.Second)
			if err := os.Chtimes(p, next, next); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func readBody(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newRequest(target, accept string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

func serveReq(app http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec
}
