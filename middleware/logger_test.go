package middleware_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon/middleware"
)

func TestLogger(t *testing.T) {
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		wantLevel string
		status    float64
		bytes     float64
	}{
		{"ok", hello, "INFO", 200, 5},
		{"not found", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, "WARN", 404, 19},
		{"error", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }, "ERROR", 503, 0},
		{"nothing written", func(w http.ResponseWriter, r *http.Request) {}, "INFO", 200, 0},
		{"redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/x", http.StatusFound) }, "INFO", 302, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := slog.New(slog.NewJSONHandler(&buf, nil))
			mux := http.NewServeMux()
			mux.Handle("GET /items/{id}", tt.handler)
			h := middleware.RequestID(middleware.Logger(l)(mux))
			req := httptest.NewRequest("GET", "/items/7", nil)
			req.Header.Set(middleware.RequestIDHeader, "rid-1")
			req.RemoteAddr = "192.0.2.1:1234"
			serve(h, req)

			var rec map[string]any
			if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
				t.Fatalf("log %q: %v", buf.String(), err)
			}
			want := map[string]any{
				"level": tt.wantLevel, "msg": "request", "method": "GET", "path": "/items/7",
				"route": "GET /items/{id}", "status": tt.status, "request_id": "rid-1",
				"remote_addr": "192.0.2.1:1234",
			}
			for k, v := range want {
				if rec[k] != v {
					t.Errorf("%s = %v, want %v", k, rec[k], v)
				}
			}
			if tt.name != "redirect" && rec["bytes"] != tt.bytes {
				t.Errorf("bytes = %v, want %v", rec["bytes"], tt.bytes)
			}
			if _, ok := rec["duration"].(float64); !ok {
				t.Errorf("duration = %v, want a number", rec["duration"])
			}
		})
	}
}

func TestLoggerConfig(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, nil))
	h := middleware.LoggerWithConfig(middleware.LoggerConfig{
		Logger:  l,
		Message: "http",
		Skip:    func(r *http.Request) bool { return r.URL.Path == "/healthz" },
	})(hello)
	serve(h, httptest.NewRequest("GET", "/healthz", nil))
	if buf.Len() != 0 {
		t.Fatalf("skipped request logged: %s", buf.String())
	}
	serve(h, httptest.NewRequest("GET", "/", nil))
	if !bytes.Contains(buf.Bytes(), []byte("msg=http")) {
		t.Fatalf("log %q lacks msg=http", buf.String())
	}
}

func TestLoggerDefaultLogger(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	defer slog.SetDefault(old)
	serve(middleware.Logger(nil)(hello), httptest.NewRequest("GET", "/", nil))
	if !bytes.Contains(buf.Bytes(), []byte("status=200")) {
		t.Fatalf("default logger got %q", buf.String())
	}
}

// countingHandler is a disabled slog.Handler that counts Handle calls.
type countingHandler struct{ handled *int }

func (countingHandler) Enabled(context.Context, slog.Level) bool { return false }
func (h countingHandler) Handle(context.Context, slog.Record) error {
	*h.handled++
	return nil
}
func (h countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h countingHandler) WithGroup(string) slog.Handler      { return h }

func TestLoggerDisabledAllocatesNothing(t *testing.T) {
	var handled int
	h := middleware.Logger(slog.New(countingHandler{&handled}))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(204)
	}))
	req := httptest.NewRequest("GET", "/", nil)
	w := &discardWriter{h: http.Header{}}
	allocs := testing.AllocsPerRun(100, func() { h.ServeHTTP(w, req) })
	if allocs != 0 {
		t.Errorf("allocs per request = %v, want 0", allocs)
	}
	if handled != 0 {
		t.Errorf("disabled handler received %d records", handled)
	}
}

// discardWriter is a ResponseWriter that allocates nothing.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }
func (w *discardWriter) Write(p []byte) (int, error) { return io.Discard.Write(p) }

// recordHandler keeps the records it is handed.
type recordHandler struct{ recs *[]slog.Record }

func (recordHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h recordHandler) Handle(_ context.Context, r slog.Record) error {
	*h.recs = append(*h.recs, r.Clone())
	return nil
}
func (h recordHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h recordHandler) WithGroup(string) slog.Handler      { return h }

// TestLoggerRecord checks the record as handlers see it: its time ends the
// logged duration, its attributes come in the documented order, and its
// source (for handlers with AddSource) is the Logger middleware, the same
// for every request.
func TestLoggerRecord(t *testing.T) {
	var recs []slog.Record
	h := middleware.Logger(slog.New(recordHandler{&recs}))(hello)
	for range 2 {
		before := time.Now()
		serve(h, httptest.NewRequest("GET", "/a", nil))
		after := time.Now()
		r := recs[len(recs)-1]
		if r.Time.Before(before) || r.Time.After(after) {
			t.Errorf("record time %v not within the request [%v, %v]", r.Time, before, after)
		}
		var keys []string
		r.Attrs(func(a slog.Attr) bool {
			keys = append(keys, a.Key)
			if a.Key == "duration" && (a.Value.Duration() < 0 || a.Value.Duration() > after.Sub(before)) {
				t.Errorf("duration %v outside [0, %v]", a.Value.Duration(), after.Sub(before))
			}
			return true
		})
		if got, want := strings.Join(keys, " "), "method path route status bytes duration request_id remote_addr"; got != want {
			t.Errorf("attributes %q, want %q", got, want)
		}
		fs := runtime.CallersFrames([]uintptr{r.PC})
		f, _ := fs.Next()
		if !strings.HasSuffix(f.Function, "middleware.logRequest") || !strings.HasSuffix(f.File, "logger.go") {
			t.Errorf("source %s (%s:%d), want middleware.logRequest in logger.go", f.Function, f.File, f.Line)
		}
	}
	if recs[0].PC != recs[1].PC {
		t.Errorf("source PCs differ: %x, %x", recs[0].PC, recs[1].PC)
	}
}

// A response aborted after it started (http.ErrAbortHandler, as a Pylon
// App does for a late error) is logged at Error with aborted=true, and the
// abort goes on up to net/http.
func TestLoggerAbortedRequest(t *testing.T) {
	var logs bytes.Buffer
	l := slog.New(slog.NewTextHandler(&logs, nil))
	h := middleware.Logger(l)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("partial"))
		panic(http.ErrAbortHandler)
	}))
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("recovered %v, want http.ErrAbortHandler", v)
			}
		}()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/export", nil))
	}()
	for _, want := range []string{"level=ERROR", "path=/export", "status=200", "bytes=7", "aborted=true"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q: %s", want, logs.String())
		}
	}
}
