package middleware_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pylonweb/pylon/middleware"
)

// benchChain serves GET / through RequestID, Logger(l) and Recover around a
// hello handler, reusing one request and one writer so that only the
// middleware's own allocations are counted.
func benchChain(b *testing.B, l *slog.Logger) {
	h := middleware.RequestID(middleware.Logger(l)(middleware.Recover(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(helloBytes)
	}))))
	req := httptest.NewRequest("GET", "/", nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		delete(req.Header, middleware.RequestIDHeader) // make RequestID generate one
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

var helloBytes = []byte("hello") // a literal converted in the handler would allocate

func BenchmarkChain(b *testing.B) {
	b.Run("disabled-logger", func(b *testing.B) {
		benchChain(b, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1})))
	})
	b.Run("text-to-discard", func(b *testing.B) {
		benchChain(b, slog.New(slog.NewTextHandler(io.Discard, nil)))
	})
}

func BenchmarkRequestID(b *testing.B) {
	h := middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	req := httptest.NewRequest("GET", "/", nil)
	w := &discardWriter{h: http.Header{}}
	b.Run("generate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			delete(req.Header, middleware.RequestIDHeader)
			h.ServeHTTP(w, req)
		}
	})
	b.Run("keep-incoming", func(b *testing.B) {
		req.Header.Set(middleware.RequestIDHeader, "incoming-id")
		b.ReportAllocs()
		for b.Loop() {
			h.ServeHTTP(w, req)
		}
	})
}

func BenchmarkCompress(b *testing.B) {
	h := middleware.Compress(middleware.CompressConfig{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, bigText)
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}
