package httpcache_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pylonweb/pylon/cache"
	"github.com/pylonweb/pylon/cache/httpcache"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestFlushThroughMiddleware: http.ResponseController reaches the
// client's writer through the middleware, and a flushed response is a
// stream, which is not stored.
func TestFlushThroughMiddleware(t *testing.T) {
	m := cache.NewMemory(cache.MemoryConfig{})
	defer m.Close()
	r := cache.NewRegion("http", m, cache.RegionOptions{})
	h := &counting{h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "event 1\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("Flush through the middleware: %v", err)
		}
		io.WriteString(w, "event 2\n")
	})}
	mw := httpcache.Middleware(httpcache.Config{Region: r})(h)
	for range 2 {
		w := httptest.NewRecorder()
		mw.ServeHTTP(w, httptest.NewRequest("GET", "/events", nil))
		if !w.Flushed || w.Body.String() != "event 1\nevent 2\n" {
			t.Errorf("flushed = %v, body %q", w.Flushed, w.Body)
		}
	}
	if h.n.Load() != 2 {
		t.Errorf("a flushed response was stored: handler ran %d times, want 2", h.n.Load())
	}
}

// TestUnwrapReachesDeadlines: ResponseController's other methods reach
// the server's writer too.
func TestUnwrapReachesDeadlines(t *testing.T) {
	m := cache.NewMemory(cache.MemoryConfig{})
	defer m.Close()
	r := cache.NewRegion("http", m, cache.RegionOptions{})
	srv := httptest.NewServer(httpcache.Middleware(httpcache.Config{Region: r})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := http.NewResponseController(w).EnableFullDuplex(); err != nil {
			t.Errorf("EnableFullDuplex through the middleware: %v", err)
		}
		io.WriteString(w, "ok")
	})))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	srv.Client().CloseIdleConnections()
}
