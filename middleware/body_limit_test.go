package middleware_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/middleware"
)

// echoBody replies with the body, or 413 when it is too large.
var echoBody = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	w.Write(b)
})

func TestBodyLimit(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		unknownLen bool
		wantStatus int
		wantBody   string
		reached    bool
	}{
		{"under", "1234", false, 200, "1234", true},
		{"exact", "12345", false, 200, "12345", true},
		{"content-length over", "123456", false, 413, "Request Entity Too Large\n", false},
		{"chunked under", "12345", true, 200, "12345", true},
		{"chunked over", "123456", true, 413, "too large\n", true},
		{"empty", "", false, 200, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reached := false
			h := middleware.BodyLimit(5)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reached = true
				echoBody(w, r)
			}))
			req := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			if tt.unknownLen {
				req.ContentLength = -1
			}
			rec := serve(h, req)
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			if reached != tt.reached {
				t.Errorf("handler reached = %v, want %v", reached, tt.reached)
			}
		})
	}
}

func TestBodyLimitLeavesCallersRequest(t *testing.T) {
	req := httptest.NewRequest("POST", "/", strings.NewReader("abc"))
	orig := req.Body
	serve(middleware.BodyLimit(10)(echoBody), req)
	if req.Body != orig {
		t.Fatal("caller's request body was replaced")
	}
}

func TestBodyLimitNegativePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	middleware.BodyLimit(-1)
}
