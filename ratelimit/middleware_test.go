package ratelimit_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/ratelimit"
)

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })

func get(h http.Handler, remoteAddr string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = remoteAddr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestMiddleware(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
		defer s.Close()
		h := ratelimit.Middleware(ratelimit.Config{
			Rate:  ratelimit.Rate{Requests: 2, Period: 3 * time.Second}, // a token every 1.5s
			Store: s,
		})(ok)

		wantHeaders := func(rec *httptest.ResponseRecorder, code int, kv ...string) {
			t.Helper()
			if rec.Code != code {
				t.Fatalf("status %d, want %d", rec.Code, code)
			}
			for i := 0; i < len(kv); i += 2 {
				if got := rec.Header().Get(kv[i]); got != kv[i+1] {
					t.Errorf("%s: %q, want %q", kv[i], got, kv[i+1])
				}
			}
		}
		wantHeaders(get(h, "192.0.2.1:1234"), 200, "RateLimit-Limit", "2", "RateLimit-Remaining", "1", "RateLimit-Reset", "2", "Retry-After", "")
		wantHeaders(get(h, "192.0.2.1:5678"), 200, "RateLimit-Remaining", "0", "RateLimit-Reset", "3")
		rec := get(h, "192.0.2.1:1234")
		wantHeaders(rec, 429, "RateLimit-Remaining", "0", "RateLimit-Reset", "3", "Retry-After", "2")
		if !strings.Contains(rec.Body.String(), "Too Many Requests") {
			t.Errorf("body %q", rec.Body.String())
		}
		wantHeaders(get(h, "192.0.2.2:1234"), 200) // another client

		time.Sleep(1500 * time.Millisecond)
		wantHeaders(get(h, "192.0.2.1:1234"), 200)
	})
}

func TestMiddlewareKey(t *testing.T) {
	s := ratelimit.NewMemoryStore(ratelimit.MemoryConfig{})
	defer s.Close()
	limited := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	h := ratelimit.Middleware(ratelimit.Config{
		Rate:           ratelimit.PerHour(1),
		Store:          s,
		Key:            func(r *http.Request) string { return r.Header.Get("X-Api-Key") },
		LimitedHandler: limited,
	})(ok)
	req := func(key string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("X-Api-Key", key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	req("alice")
	if rec := req("alice"); rec.Code != 429 || rec.Body.String() != "slow down\n" || rec.Header().Get("Retry-After") != "3600" {
		t.Errorf("alice's second request: %d %q Retry-After %q", rec.Code, rec.Body.String(), rec.Header().Get("Retry-After"))
	}
	if rec := req("bob"); rec.Code != 200 {
		t.Errorf("bob: %d", rec.Code)
	}
	for range 3 {
		if rec := req(""); rec.Code != 200 || rec.Header().Get("RateLimit-Limit") != "" {
			t.Errorf("an empty key should not be limited: %d", rec.Code)
		}
	}
}

type failingStore struct{}

func (failingStore) Allow(context.Context, string, ratelimit.Rate) (ratelimit.Result, error) {
	return ratelimit.Result{}, errors.New("connection refused")
}

func TestMiddlewareStoreFailure(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	open := ratelimit.Middleware(ratelimit.Config{Rate: ratelimit.PerSecond(1), Store: failingStore{}, Logger: logger})(ok)
	for range 3 {
		if rec := get(open, "192.0.2.1:1"); rec.Code != 200 {
			t.Fatalf("fail open: %d", rec.Code)
		}
	}
	if n := strings.Count(logs.String(), "connection refused"); n != 1 {
		t.Errorf("%d log records for 3 failures in a row, want 1:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "letting requests through") {
		t.Errorf("log: %s", logs.String())
	}

	closed := ratelimit.Middleware(ratelimit.Config{Rate: ratelimit.PerSecond(1), Store: failingStore{}, FailClosed: true, Logger: logger})(ok)
	if rec := get(closed, "192.0.2.1:1"); rec.Code != 503 {
		t.Errorf("fail closed: %d", rec.Code)
	}
}

func TestMiddlewarePanicsOnBadConfig(t *testing.T) {
	for name, cfg := range map[string]ratelimit.Config{
		"no store":    {Rate: ratelimit.PerSecond(1)},
		"no rate":     {Store: failingStore{}},
		"no period":   {Rate: ratelimit.Rate{Requests: 1}, Store: failingStore{}},
		"bad burst":   {Rate: ratelimit.Rate{Requests: 1, Period: time.Second, Burst: -1}, Store: failingStore{}},
		"tiny period": {Rate: ratelimit.Rate{Requests: 10, Period: 1}, Store: failingStore{}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			ratelimit.Middleware(cfg)
		})
	}
}

func TestKeyByIP(t *testing.T) {
	for remote, want := range map[string]string{
		"192.0.2.1:1234":              "192.0.2.1",
		"192.0.2.1":                   "192.0.2.1",
		"[::ffff:192.0.2.1]:80":       "192.0.2.1",
		"[2001:db8:1:2:3:4:5:6]:443":  "2001:db8:1:2::/64",
		"[2001:db8:1:2:ff::1%eth0]:1": "2001:db8:1:2::/64",
		"@unix":                       "@unix",
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		if got := ratelimit.KeyByIP(r); got != want {
			t.Errorf("KeyByIP(%q) = %q, want %q", remote, got, want)
		}
	}
}
