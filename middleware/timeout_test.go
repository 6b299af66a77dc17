package middleware_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/middleware"
)

func TestTimeout(t *testing.T) {
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus int
		wantBody   string
	}{
		{"fast", hello, 200, "hello"},
		{"waits for ctx", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}, 503, "Request timed out\n"},
		{"ignores ctx and writes nothing", func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(2 * time.Second)
		}, 503, "Request timed out\n"},
		{"wrote before deadline", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(202)
			<-r.Context().Done()
		}, 202, ""},
		{"writes late", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
			w.Write([]byte("late"))
		}, 200, "late"},
		{"done before deadline writes nothing", func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(500 * time.Millisecond)
		}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := middleware.Timeout(time.Second)(tt.handler)
				start := time.Now()
				rec := serve(h, httptest.NewRequest("GET", "/", nil))
				if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
					t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
				}
				if tt.name == "waits for ctx" && time.Since(start) != time.Second {
					t.Errorf("handler released after %v, want exactly 1s of fake time", time.Since(start))
				}
			})
		})
	}
}

func TestTimeoutDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var deadline time.Time
		h := middleware.Timeout(3 * time.Second)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			deadline, _ = r.Context().Deadline()
		}))
		start := time.Now()
		serve(h, httptest.NewRequest("GET", "/", nil))
		if want := start.Add(3 * time.Second); !deadline.Equal(want) {
			t.Fatalf("deadline %v, want %v", deadline, want)
		}
	})
}

func TestTimeoutConfig(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := middleware.TimeoutWithConfig(middleware.TimeoutConfig{
			Timeout: time.Second, Status: http.StatusGatewayTimeout, Message: "too slow",
		})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
		rec := serve(h, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 504 || rec.Body.String() != "too slow\n" {
			t.Fatalf("got %d %q", rec.Code, rec.Body)
		}
	})
}

func TestTimeoutClientGone(t *testing.T) {
	// A request cancelled by its client is not a timeout: nothing is written.
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		h := middleware.Timeout(time.Minute)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			cancel()
			<-r.Context().Done()
		}))
		rec := serve(h, httptest.NewRequest("GET", "/", nil).WithContext(ctx))
		if rec.Code != 200 || rec.Body.Len() != 0 {
			t.Fatalf("got %d %q, want nothing written", rec.Code, rec.Body)
		}
	})
}

func TestTimeoutKeepsRouteForLogger(t *testing.T) {
	var logs bytes.Buffer
	mux := http.NewServeMux()
	mux.Handle("GET /r/{x}", hello)
	h := middleware.Logger(slog.New(slog.NewTextHandler(&logs, nil)))(middleware.Timeout(time.Minute)(mux))
	serve(h, httptest.NewRequest("GET", "/r/1", nil))
	if !strings.Contains(logs.String(), `route="GET /r/{x}"`) {
		t.Fatalf("log lacks the route: %s", logs.String())
	}
}

func TestTimeoutPanicsOnZero(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	middleware.Timeout(0)
}
