package middleware_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon/middleware"
)

var bigText = strings.Repeat("hello, compressible world. ", 100) // 2700 bytes

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestCompress(t *testing.T) {
	text := func(ct, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			io.WriteString(w, body)
		}
	}
	tests := []struct {
		name           string
		cfg            middleware.CompressConfig
		method         string
		acceptEncoding string
		handler        http.HandlerFunc
		wantGzip       bool
		wantType       string
	}{
		{"text", middleware.CompressConfig{}, "GET", "gzip", text("text/plain", bigText), true, "text/plain"},
		{"sniffed type", middleware.CompressConfig{}, "GET", "gzip", text("", "<html><body>"+bigText), true, "text/html; charset=utf-8"},
		{"not accepted", middleware.CompressConfig{}, "GET", "br", text("text/plain", bigText), false, "text/plain"},
		{"refused with q=0", middleware.CompressConfig{}, "GET", "gzip;q=0, br", text("text/plain", bigText), false, "text/plain"},
		{"star", middleware.CompressConfig{}, "GET", "*", text("text/plain", bigText), true, "text/plain"},
		{"small", middleware.CompressConfig{}, "GET", "gzip", text("text/plain", "tiny"), false, "text/plain"},
		{"small with MinSize 1", middleware.CompressConfig{MinSize: 1}, "GET", "gzip", text("text/plain", "tiny"), true, "text/plain"},
		{"image", middleware.CompressConfig{}, "GET", "gzip", text("image/png", bigText), false, "image/png"},
		{"svg", middleware.CompressConfig{}, "GET", "gzip", text("image/svg+xml", bigText), true, "image/svg+xml"},
		{"woff2", middleware.CompressConfig{}, "GET", "gzip", text("font/woff2", bigText), false, "font/woff2"},
		{"zip", middleware.CompressConfig{}, "GET", "gzip", text("application/zip", bigText), false, "application/zip"},
		{"sniffed gzip", middleware.CompressConfig{}, "GET", "gzip", text("", "\x1f\x8b\x08"+bigText), false, "application/x-gzip"},
		{"allowlist hit", middleware.CompressConfig{ContentTypes: []string{"text/*"}}, "GET", "gzip", text("text/css; charset=utf-8", bigText), true, "text/css; charset=utf-8"},
		{"allowlist miss", middleware.CompressConfig{ContentTypes: []string{"text/html"}}, "GET", "gzip", text("application/json", bigText), false, "application/json"},
		{"already encoded", middleware.CompressConfig{}, "GET", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, bigText)
		}, false, "text/plain"},
		{"no-transform", middleware.CompressConfig{}, "GET", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "public, no-transform")
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, bigText)
		}, false, "text/plain"},
		{"small Content-Length", middleware.CompressConfig{}, "GET", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Length", "10")
			w.WriteHeader(200)
			io.WriteString(w, "0123456789")
		}, false, "text/plain"},
		{"many small writes", middleware.CompressConfig{}, "GET", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			for range 100 {
				io.WriteString(w, "hello, compressible world. ")
			}
		}, true, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := middleware.Compress(tt.cfg)(tt.handler)
			req := httptest.NewRequest(tt.method, "/", nil)
			req.Header.Set("Accept-Encoding", tt.acceptEncoding)
			rec := serve(h, req)
			res := rec.Result()
			if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q", got)
			}
			if got := res.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			isGzip := res.Header.Get("Content-Encoding") == "gzip"
			if isGzip != tt.wantGzip {
				t.Fatalf("gzip = %v, want %v", isGzip, tt.wantGzip)
			}
			if isGzip {
				if cl := res.Header.Get("Content-Length"); cl != "" {
					t.Errorf("Content-Length %q on a gzip response", cl)
				}
				plain := httptest.NewRecorder()
				tt.handler(plain, httptest.NewRequest("GET", "/", nil))
				if got := gunzip(t, rec.Body.Bytes()); got != plain.Body.String() {
					t.Errorf("gunzipped body differs: %d bytes, want %d", len(got), plain.Body.Len())
				}
			}
		})
	}
}

func TestCompressSkipsStatuses(t *testing.T) {
	for _, code := range []int{204, 206, 304} {
		h := middleware.Compress(middleware.CompressConfig{MinSize: 1})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(code)
			if code == 206 {
				io.WriteString(w, bigText)
			}
		}))
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := serve(h, req)
		if rec.Code != code || rec.Header().Get("Content-Encoding") != "" {
			t.Errorf("status %d: got %d, Content-Encoding %q", code, rec.Code, rec.Header().Get("Content-Encoding"))
		}
	}
}

func TestCompressHead(t *testing.T) {
	var w http.ResponseWriter
	h := middleware.Compress(middleware.CompressConfig{})(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w = rw
	}))
	req := httptest.NewRequest("HEAD", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := serve(h, req)
	if w != http.ResponseWriter(rec) {
		t.Error("HEAD request got a wrapped writer")
	}
	if rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Error("HEAD response lacks Vary")
	}
}

func TestCompressWeakensETag(t *testing.T) {
	h := middleware.Compress(middleware.CompressConfig{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Etag", `"abc"`)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, bigText)
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	if got := serve(h, req).Header().Get("Etag"); got != `W/"abc"` {
		t.Fatalf("ETag = %q", got)
	}
}

func TestCompressFlush(t *testing.T) {
	events := []string{"data: one\n\n", "data: two\n\n"}
	ack := make(chan struct{})
	h := middleware.Compress(middleware.CompressConfig{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		rc := http.NewResponseController(w)
		for _, s := range events {
			io.WriteString(w, s)
			if err := rc.Flush(); err != nil {
				t.Error(err)
			}
			// Go on only once the client has read the event, so it must
			// have arrived while the handler was still running.
			select {
			case <-ack:
			case <-r.Context().Done():
				return
			}
		}
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := srv.Client()
	client.Timeout = 10 * time.Second // a safety net against a hang, not an assertion
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Accept-Encoding", "gzip") // set by hand: the transport then leaves the body compressed
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range events {
		buf := make([]byte, len(want))
		if _, err := io.ReadFull(zr, buf); err != nil || string(buf) != want {
			t.Fatalf("read %q, %v; want %q", buf, err, want)
		}
		ack <- struct{}{}
	}
}

func TestCompressPanicWritesNothing(t *testing.T) {
	h := middleware.Recover(middleware.Compress(middleware.CompressConfig{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		panic("boom")
	})))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	quietDefaultLogger(t)
	h.ServeHTTP(rec, req)
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "partial") {
		t.Fatalf("got %d %q", rec.Code, rec.Body)
	}
}

func TestCompressBadLevelPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	middleware.Compress(middleware.CompressConfig{Level: 42})
}
