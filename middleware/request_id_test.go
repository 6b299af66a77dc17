package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/pylonweb/pylon/middleware"
)

var generatedID = regexp.MustCompile(`^[0-9a-v]{10}-[0-9a-v]+$`)

func TestRequestID(t *testing.T) {
	tests := []struct {
		name     string
		incoming []string
		always   bool
		keep     bool
	}{
		{"missing", nil, false, false},
		{"valid kept", []string{"abc-123"}, false, true},
		{"printable with space kept", []string{"trace 42/x"}, false, true},
		{"128 chars kept", []string{strings.Repeat("a", 128)}, false, true},
		{"129 chars replaced", []string{strings.Repeat("a", 129)}, false, false},
		{"empty replaced", []string{""}, false, false},
		{"newline replaced", []string{"a\nb"}, false, false},
		{"non-ASCII replaced", []string{"é"}, false, false},
		{"two values replaced", []string{"a", "b"}, false, false},
		{"always generate", []string{"abc-123"}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen string
			h := middleware.RequestIDWithConfig(middleware.RequestIDConfig{AlwaysGenerate: tt.always})(
				http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					seen = middleware.GetRequestID(r)
				}))
			req := httptest.NewRequest("GET", "/", nil)
			if tt.incoming != nil {
				req.Header[middleware.RequestIDHeader] = tt.incoming
			}
			rec := serve(h, req)
			got := rec.Header().Get(middleware.RequestIDHeader)
			if got != seen {
				t.Errorf("response ID %q, handler saw %q", got, seen)
			}
			if tt.keep {
				if got != tt.incoming[0] {
					t.Errorf("ID = %q, want incoming %q", got, tt.incoming[0])
				}
			} else if !generatedID.MatchString(got) {
				t.Errorf("ID = %q, want a generated one", got)
			}
			if n := len(req.Header.Values(middleware.RequestIDHeader)); n != 1 {
				t.Errorf("request has %d IDs, want 1", n)
			}
		})
	}
}

func TestRequestIDUnique(t *testing.T) {
	const goroutines, each = 8, 500 // several ID blocks per goroutine
	var mu sync.Mutex
	seen := make(map[string]bool)
	var wg sync.WaitGroup
	h := middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for range goroutines {
		wg.Go(func() {
			ids := make([]string, 0, each)
			for range each {
				ids = append(ids, serve(h, httptest.NewRequest("GET", "/", nil)).Header().Get(middleware.RequestIDHeader))
			}
			mu.Lock()
			defer mu.Unlock()
			for _, id := range ids {
				if seen[id] {
					t.Errorf("duplicate ID %q", id)
				}
				seen[id] = true
			}
		})
	}
	wg.Wait()
}

func TestRequestIDHeaderSliceNotShared(t *testing.T) {
	// The request and response share the header slice; appending to one
	// must not show in the other.
	var req *http.Request
	h := middleware.RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req = r
		w.Header().Add(middleware.RequestIDHeader, "extra")
	}))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if n := len(req.Header.Values(middleware.RequestIDHeader)); n != 1 {
		t.Fatalf("request has %d IDs after the response got another", n)
	}
	if n := len(rec.Header().Values(middleware.RequestIDHeader)); n != 2 {
		t.Fatalf("response has %d IDs, want 2", n)
	}
}

func TestGetRequestIDWithoutMiddleware(t *testing.T) {
	if got := middleware.GetRequestID(httptest.NewRequest("GET", "/", nil)); got != "" {
		t.Fatalf("GetRequestID = %q, want empty", got)
	}
}
