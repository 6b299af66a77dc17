package session_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/session"
	"github.com/pylonweb/pylon/session/internal/storetest"
)

// BenchmarkRequest measures a request with a logged-in session on the
// memory store, through net/http middleware: one that only reads the
// session, one that reads it with an idle timeout (so it moves the
// deadline) and one that writes it.
func BenchmarkRequest(b *testing.B) {
	for _, bc := range []struct {
		name string
		idle time.Duration
		put  bool
	}{
		{"Read", 0, false},
		{"ReadIdle", 30 * time.Minute, false},
		{"Write", 0, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			store := session.NewMemoryStore(-1)
			m, err := session.NewWithStore(session.Config{IdleTimeout: pylon.Duration(bc.idle)}, store)
			if err != nil {
				b.Fatal(err)
			}
			h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/login" || bc.put {
					session.Put(r, "user", "ada")
				}
				_ = session.GetString(r, "user")
				w.WriteHeader(http.StatusNoContent)
			}))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", "/login", nil))
			ck := storetest.FindCookie(rec, "session")
			if ck == nil {
				b.Fatal("no cookie after login")
			}
			req := httptest.NewRequest("GET", "/", nil)
			req.AddCookie(&http.Cookie{Name: "session", Value: ck.Value})
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(discard{}, req)
			}
		})
	}
}

// discard is a ResponseWriter that keeps nothing but a header.
type discard struct{}

var discardHeader = http.Header{}

func (discard) Header() http.Header {
	clear(discardHeader)
	return discardHeader
}
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
