package middleware

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func TestResponseWriterStatus(t *testing.T) {
	tests := []struct {
		name       string
		handler    func(w http.ResponseWriter)
		wantStatus int
		wantBytes  int64
		wantCodes  []int // WriteHeader calls the underlying writer saw
	}{
		{"nothing", func(w http.ResponseWriter) {}, 200, 0, nil},
		{"write", func(w http.ResponseWriter) { w.Write([]byte("abc")) }, 200, 3, []int{200}},
		{"status", func(w http.ResponseWriter) { w.WriteHeader(404) }, 404, 0, []int{404}},
		{"second status ignored", func(w http.ResponseWriter) { w.WriteHeader(201); w.WriteHeader(500) }, 201, 0, []int{201}},
		{"1xx then final", func(w http.ResponseWriter) { w.WriteHeader(103); w.WriteHeader(202) }, 202, 0, []int{103, 202}},
		{"101 is final", func(w http.ResponseWriter) { w.WriteHeader(101); w.WriteHeader(200) }, 101, 0, []int{101}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &codesWriter{ResponseWriter: httptest.NewRecorder()}
			rw, owned := wrapResponseWriter(rec)
			if !owned {
				t.Fatal("fresh wrapper not owned")
			}
			tt.handler(rw)
			if got := rw.Status(); got != tt.wantStatus {
				t.Errorf("Status() = %d, want %d", got, tt.wantStatus)
			}
			if rw.bytes != tt.wantBytes {
				t.Errorf("bytes = %d, want %d", rw.bytes, tt.wantBytes)
			}
			if !slices.Equal(rec.codes, tt.wantCodes) {
				t.Errorf("underlying WriteHeader calls = %v, want %v", rec.codes, tt.wantCodes)
			}
			rw.release()
		})
	}
}

// codesWriter records every WriteHeader call, where httptest.ResponseRecorder
// keeps only the first.
type codesWriter struct {
	http.ResponseWriter
	codes []int
}

func (w *codesWriter) WriteHeader(code int) {
	w.codes = append(w.codes, code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *codesWriter) Write(p []byte) (int, error) {
	if len(w.codes) == 0 {
		w.WriteHeader(200)
	}
	return w.ResponseWriter.Write(p)
}

func TestResponseWriterReadFrom(t *testing.T) {
	rec := httptest.NewRecorder()
	rw, _ := wrapResponseWriter(rec)
	defer rw.release()
	n, err := rw.ReadFrom(strings.NewReader("hello world"))
	if err != nil || n != 11 || rw.bytes != 11 || rec.Body.String() != "hello world" {
		t.Fatalf("ReadFrom = %d, %v; bytes %d, body %q", n, err, rw.bytes, rec.Body)
	}
}

func TestWrapResponseWriterReuses(t *testing.T) {
	rw, owned := wrapResponseWriter(httptest.NewRecorder())
	defer rw.release()
	again, owned2 := wrapResponseWriter(rw)
	if !owned || owned2 || again != rw {
		t.Fatalf("got %p owned %v, want %p not owned", again, owned2, rw)
	}
}

func TestFlushCommitsStatus(t *testing.T) {
	rec := httptest.NewRecorder()
	rw, _ := wrapResponseWriter(rec)
	defer rw.release()
	if err := http.NewResponseController(rw).Flush(); err != nil {
		t.Fatal(err)
	}
	if !rw.wroteHeader || !rec.Flushed {
		t.Fatalf("wroteHeader %v, flushed %v", rw.wroteHeader, rec.Flushed)
	}
}
