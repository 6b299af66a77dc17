package storetest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/session"
)

// The in-flight tests run a slow request that loads the session, then
// waits while another request ends or changes it, then finishes. Channels
// order the two; nothing sleeps.

// update checks UpdateCtx, for the stores that have it: it saves only a
// session that exists and has not expired.
func update(t *testing.T, h Harness) {
	s := h.Open(t)
	us, ok := s.(interface { // session.UpdateStore
		UpdateCtx(ctx context.Context, token string, b []byte, expiry time.Time) (bool, error)
	})
	if !ok {
		t.Skip("not a session.UpdateStore")
	}
	ctx := context.Background()
	later := time.Now().Add(time.Hour)
	mustUpdate := func(token string, b []byte, expiry time.Time, want bool) {
		t.Helper()
		saved, err := us.UpdateCtx(ctx, token, b, expiry)
		if err != nil || saved != want {
			t.Fatalf("UpdateCtx(%q, %q) = %v, %v; want %v, nil", token, b, saved, err, want)
		}
	}

	mustUpdate("missing", []byte("x"), later, false)
	mustMiss(t, s, "missing")
	mustUpdate("missing", nil, later, false)
	mustMiss(t, s, "missing")

	mustCommit(t, s, "a", "one", later)
	mustUpdate("a", []byte("two"), later, true)
	mustFind(t, s, "a", "two")
	mustUpdate("a", nil, later.Add(time.Hour), true) // keeps the data
	mustFind(t, s, "a", "two")

	if err := s.Delete("a"); err != nil {
		t.Fatal(err)
	}
	mustUpdate("a", []byte("three"), later, false)
	mustMiss(t, s, "a")

	// An expired session is not brought back, and a past expiry ends one.
	mustCommit(t, s, "old", "x", time.Now().Add(-time.Second))
	mustUpdate("old", []byte("y"), later, false)
	mustMiss(t, s, "old")
	mustCommit(t, s, "b", "x", later)
	mustUpdate("b", nil, time.Now().Add(-time.Second), false)
	mustMiss(t, s, "b")
}

// slow is a request held between loading its session and finishing it.
type slow struct {
	loaded, release chan struct{}
	done            chan *httptest.ResponseRecorder
	once            sync.Once
	rec             *httptest.ResponseRecorder
}

// slowRoute adds GET /slow to cl's App: it loads the session, waits for
// release, then answers with the user and the flash messages; with
// ?put=1 it also puts a value, so that it must save the session.
func slowRoute(cl *Client) *slow {
	sl := &slow{loaded: make(chan struct{}), release: make(chan struct{}), done: make(chan *httptest.ResponseRecorder, 1)}
	cl.App.GET("/slow", func(c *pylon.Context) error {
		sl.loaded <- struct{}{}
		<-sl.release
		if c.Query("put") != "" {
			session.Put(c, "visited", "yes")
		}
		return c.String(http.StatusOK, session.GetString(c, "user"))
	})
	return sl
}

// start sends the slow request with token's cookie and returns once it has
// loaded its session. The test's cleanup finishes it if the test did not.
func (sl *slow) start(cl *Client, token string, put bool) {
	cl.T.Cleanup(func() { sl.finish() })
	target := "/slow"
	if put {
		target += "?put=1"
	}
	req := httptest.NewRequest("GET", target, nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: token})
	go func() {
		rec := httptest.NewRecorder()
		cl.App.ServeHTTP(rec, req)
		sl.done <- rec
	}()
	<-sl.loaded
}

// finish lets the slow request go on and returns its response.
func (sl *slow) finish() *httptest.ResponseRecorder {
	sl.once.Do(func() {
		close(sl.release)
		sl.rec = <-sl.done
	})
	return sl.rec
}

// inFlightCases are the slow requests: one that only reads (it saves the
// session only to move an idle deadline) and one that writes.
var inFlightCases = []struct {
	name string
	put  bool
}{
	{"Read", false},
	{"Write", true},
}

func newInFlightClient(t *testing.T, h Harness, idle bool) (*Client, session.Store) {
	t.Helper()
	cfg := session.Config{}
	if idle {
		cfg.IdleTimeout = pylon.Duration(30 * time.Minute)
	}
	s := h.Open(t)
	return NewClientConfig(t, s, cfg), s
}

// A request that loaded the session before a logout does not log the user
// back in, and sets no cookie.
func inFlightLogout(t *testing.T, h Harness, idle bool) {
	for _, tc := range inFlightCases {
		t.Run(tc.name, func(t *testing.T) {
			cl, s := newInFlightClient(t, h, idle)
			sl := slowRoute(cl)
			cl.Do("POST", "/login?user=ada")
			old := cl.Token()

			sl.start(cl, old, tc.put)
			if rec := cl.Do("POST", "/logout"); rec.Code != http.StatusNoContent {
				t.Fatalf("logout: %d", rec.Code)
			}
			rec := sl.finish()
			if got := rec.Body.String(); got != "ada" {
				t.Errorf("slow request read user %q, want the session it loaded", got)
			}
			if ck := FindCookie(rec, "session"); ck != nil {
				t.Errorf("slow request set cookie %v, want none", ck)
			}

			mustMiss(t, s, old)
			cl.SetToken(old)
			if got := cl.Do("GET", "/get?key=user").Body.String(); got != "" {
				t.Errorf("after logout, the old cookie reads user %q: the slow request brought the session back", got)
			}
		})
	}
}

// A request that loaded the session before Renew does not bring the old
// token back, and leaves the new one alone.
func inFlightRenew(t *testing.T, h Harness, idle bool) {
	for _, tc := range inFlightCases {
		t.Run(tc.name, func(t *testing.T) {
			cl, s := newInFlightClient(t, h, idle)
			sl := slowRoute(cl)
			cl.Do("POST", "/login?user=ada")
			old := cl.Token()

			sl.start(cl, old, tc.put)
			cl.Do("POST", "/login?user=bob") // Renew deletes old
			renewed := cl.Token()
			if renewed == "" || renewed == old {
				t.Fatalf("Renew kept the token")
			}
			rec := sl.finish()
			if ck := FindCookie(rec, "session"); ck != nil {
				t.Errorf("slow request set cookie %v, want none", ck)
			}

			mustMiss(t, s, old)
			if got := cl.Do("GET", "/get?key=user").Body.String(); got != "bob" {
				t.Errorf("renewed session reads user %q, want bob", got)
			}
			cl.SetToken(old)
			if got := cl.Do("GET", "/get?key=user").Body.String(); got != "" {
				t.Errorf("after Renew, the old token reads user %q: the slow request brought it back", got)
			}
		})
	}
}

// A flash message shown while a read-only request was in flight is not
// shown again when that request finishes. (Two requests that both change
// values still race; the last one saved wins.)
func inFlightFlash(t *testing.T, h Harness, idle bool) {
	cl, _ := newInFlightClient(t, h, idle)
	sl := slowRoute(cl)
	cl.Do("POST", "/flash?cat=success&text=Saved")

	sl.start(cl, cl.Token(), false)
	if got := cl.Do("GET", "/flashes").Body.String(); got != "success:Saved|" {
		t.Fatalf("first read = %q", got)
	}
	rec := sl.finish()
	if rec.Code != http.StatusOK {
		t.Fatalf("slow request: %d", rec.Code)
	}
	if got := cl.Do("GET", "/flashes").Body.String(); got != "" {
		t.Errorf("second read = %q, want none: the slow request wrote the message back", got)
	}
	if idle {
		if ck := FindCookie(rec, "session"); ck == nil || ck.Value != cl.Token() {
			t.Errorf("slow request cookie = %v, want the session's, with the idle deadline moved", ck)
		}
	}
}
