package middleware_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/middleware"
)

func TestRecover(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus int
		wantBody   string
		wantAbort  bool // the response had started: cut it off
	}{
		{"panic before writing", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "99")
			panic("boom")
		}, 500, "Internal Server Error\n", false},
		{"panic with error", func(w http.ResponseWriter, r *http.Request) {
			panic(errors.New("bad"))
		}, 500, "Internal Server Error\n", false},
		{"panic after writing", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(202)
			w.Write([]byte("partial"))
			panic("late")
		}, 202, "partial", true},
		{"panic after flush", func(w http.ResponseWriter, r *http.Request) {
			http.NewResponseController(w).Flush()
			panic("late")
		}, 200, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			l := slog.New(slog.NewTextHandler(&logs, nil))
			h := middleware.RequestID(middleware.RecoverWithConfig(middleware.RecoverConfig{Logger: l})(tt.handler))
			req := httptest.NewRequest("GET", "/p", nil)
			req.Header.Set(middleware.RequestIDHeader, "rid-9")
			var rec *httptest.ResponseRecorder
			func() {
				defer func() {
					v := recover()
					if tt.wantAbort && v != http.ErrAbortHandler || !tt.wantAbort && v != nil {
						t.Errorf("panicked with %v, want abort %v", v, tt.wantAbort)
					}
				}()
				rec = httptest.NewRecorder()
				h.ServeHTTP(rec, req)
			}()
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			if tt.wantStatus == 500 {
				if ct := rec.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
					t.Errorf("Content-Type = %q", ct)
				}
				if cl := rec.Header().Get("Content-Length"); cl != "" {
					t.Errorf("stale Content-Length %q kept", cl)
				}
			}
			for _, want := range []string{"level=ERROR", "panic recovered", "request_id=rid-9", "stack=", "recover_test.go"} {
				if !strings.Contains(logs.String(), want) {
					t.Errorf("log lacks %q: %s", want, logs.String())
				}
			}
		})
	}
}

func TestRecoverRepanicsErrAbortHandler(t *testing.T) {
	var logs bytes.Buffer
	l := slog.New(slog.NewTextHandler(&logs, nil))
	h := middleware.RecoverWithConfig(middleware.RecoverConfig{Logger: l})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Fatalf("recovered %v, want http.ErrAbortHandler", v)
		}
		if logs.Len() != 0 {
			t.Errorf("ErrAbortHandler was logged: %s", logs.String())
		}
	}()
	serve(h, httptest.NewRequest("GET", "/", nil))
}

func TestRecoverUnderLogger(t *testing.T) {
	var logs bytes.Buffer
	l := slog.New(slog.NewTextHandler(&logs, nil))
	h := middleware.Logger(l)(middleware.RecoverWithConfig(middleware.RecoverConfig{Logger: l})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") })))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	if !strings.Contains(logs.String(), "status=500") {
		t.Fatalf("Logger did not log the 500: %s", logs.String())
	}
}
