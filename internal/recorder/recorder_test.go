package recorder

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
			rw := &Writer{W: rec}
			tt.handler(rw)
			if got := rw.Status(); got != tt.wantStatus {
				t.Errorf("Status() = %d, want %d", got, tt.wantStatus)
			}
			if rw.Size != tt.wantBytes {
				t.Errorf("bytes = %d, want %d", rw.Size, tt.wantBytes)
			}
			if !slices.Equal(rec.codes, tt.wantCodes) {
				t.Errorf("underlying WriteHeader calls = %v, want %v", rec.codes, tt.wantCodes)
			}
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
	rw := &Writer{W: rec}
	n, err := rw.ReadFrom(strings.NewReader("hello world"))
	if err != nil || n != 11 || rw.Size != 11 || rec.Body.String() != "hello world" {
		t.Fatalf("ReadFrom = %d, %v; bytes %d, body %q", n, err, rw.Size, rec.Body)
	}
}

func TestFlushCommitsStatus(t *testing.T) {
	rec := httptest.NewRecorder()
	rw := &Writer{W: rec}
	if err := http.NewResponseController(rw).Flush(); err != nil {
		t.Fatal(err)
	}
	if !rw.Written || !rec.Flushed {
		t.Fatalf("wroteHeader %v, flushed %v", rw.Written, rec.Flushed)
	}
}

// holder stands for the App's writer, which carries a Writer of its own.
type holder struct {
	http.ResponseWriter
	rw Writer
}

func (h *holder) Recorder() *Writer { return &h.rw }

func TestOf(t *testing.T) {
	w := &Writer{W: httptest.NewRecorder()}
	h := &holder{ResponseWriter: httptest.NewRecorder()}
	for _, tt := range []struct {
		name string
		w    http.ResponseWriter
		want *Writer
	}{
		{"a Writer", w, w},
		{"a Holder", h, &h.rw},
		{"anything else", httptest.NewRecorder(), nil},
	} {
		if got := Of(tt.w); got != tt.want {
			t.Errorf("%s: Of = %p, want %p", tt.name, got, tt.want)
		}
	}
}

func TestInformational(t *testing.T) {
	for code, want := range map[int]bool{99: false, 100: true, 103: true, 199: true, 101: false, 200: false, 204: false} {
		if got := Informational(code); got != want {
			t.Errorf("Informational(%d) = %v, want %v", code, got, want)
		}
	}
}
