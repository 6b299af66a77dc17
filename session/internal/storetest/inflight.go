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
	target := "/slow"
	if put {
		target += "?put=1"
	}
	sl.send(cl.T, cl.App, target, token)
}

// send is start for any handler and target.
func (sl *slow) send(t *testing.T, h http.Handler, target, token string) {
	t.Cleanup(func() { sl.finish() })
	req := httptest.NewRequest("GET", target, nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: token})
	go func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
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
// session only to move an idle deadline) and one that writes. Without an
// idle timeout the read-only one saves nothing at all, so it passed before
// the compare-and-set commit too: that case guards against a regression
// that would make a read-only request save, not against scs's behaviour.
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
// values still race; the last one saved wins.) Without an idle timeout the
// slow request saves nothing, so that case passed before the
// compare-and-set commit too; it guards against a regression.
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

// deleteExisting checks DeleteExistingCtx, for the stores that have it: it
// deletes a session and reports whether the store held it, unexpired.
func deleteExisting(t *testing.T, h Harness) {
	s := h.Open(t)
	ds, ok := s.(interface { // session.UpdateStore
		DeleteExistingCtx(ctx context.Context, token string) (bool, error)
	})
	if !ok {
		t.Skip("not a session.UpdateStore")
	}
	mustDelete := func(token string, want bool) {
		t.Helper()
		existed, err := ds.DeleteExistingCtx(context.Background(), token)
		if err != nil || existed != want {
			t.Fatalf("DeleteExistingCtx(%q) = %v, %v; want %v, nil", token, existed, err, want)
		}
		mustMiss(t, s, token)
	}

	mustDelete("missing", false)
	mustCommit(t, s, "a", "one", time.Now().Add(time.Hour))
	mustDelete("a", true)
	mustDelete("a", false)
	mustCommit(t, s, "old", "x", time.Now().Add(-time.Second))
	mustDelete("old", false)
}

// renewHandler is a net/http application on m.Handler alone, without a
// Pylon App: POST /login renews the session and puts the user, POST
// /renew only renews it, POST /logout destroys it, GET /get reads the
// user, and GET /slow loads the session, waits for sl.release, then
// renews it and answers with the user it read; with ?as=name it then
// destroys the session and puts name as the user of a new one.
func renewHandler(t *testing.T, s session.Store, idle bool) (http.Handler, *slow) {
	t.Helper()
	cfg := session.Config{}
	if idle {
		cfg.IdleTimeout = pylon.Duration(30 * time.Minute)
	}
	m, err := session.NewWithStore(cfg, s)
	if err != nil {
		t.Fatal(err)
	}
	sl := &slow{loaded: make(chan struct{}), release: make(chan struct{}), done: make(chan *httptest.ResponseRecorder, 1)}
	renew := func(w http.ResponseWriter, r *http.Request) bool {
		if err := session.Renew(r); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return false
		}
		return true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		if renew(w, r) {
			session.Put(r, "user", r.URL.Query().Get("user"))
			w.WriteHeader(http.StatusNoContent)
		}
	})
	mux.HandleFunc("POST /renew", func(w http.ResponseWriter, r *http.Request) {
		if renew(w, r) {
			w.WriteHeader(http.StatusNoContent)
		}
	})
	mux.HandleFunc("POST /logout", func(w http.ResponseWriter, r *http.Request) {
		if err := session.Destroy(r); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /get", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(session.GetString(r, "user")))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		user := session.GetString(r, "user")
		sl.loaded <- struct{}{}
		<-sl.release
		if !renew(w, r) {
			return
		}
		if as := r.URL.Query().Get("as"); as != "" {
			if err := session.Destroy(r); err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
			session.Put(r, "user", as)
		}
		w.Write([]byte(user))
	})
	return m.Handler(mux), sl
}

// send sends a request to h with token's cookie ("": none) and returns
// the answer and the token of the session cookie it set ("": none).
func send(t *testing.T, h http.Handler, method, target, token string) (*httptest.ResponseRecorder, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	if token != "" {
		req.AddCookie(&http.Cookie{Name: "session", Value: token})
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 300 {
		t.Fatalf("%s %s: %d %q", method, target, rec.Code, rec.Body)
	}
	if ck := FindCookie(rec, "session"); ck != nil && ck.MaxAge >= 0 {
		return rec, ck.Value
	}
	return rec, ""
}

// Renew on a live session (a login) keeps its values under a new token
// and deletes the old one.
func renewLive(t *testing.T, h Harness, idle bool) {
	s := h.Open(t)
	hd, _ := renewHandler(t, s, idle)
	_, old := send(t, hd, "POST", "/login?user=ada", "")
	if old == "" {
		t.Fatal("no session cookie after login")
	}
	_, renewed := send(t, hd, "POST", "/renew", old)
	if renewed == "" || renewed == old {
		t.Fatalf("Renew set token %q, want a new one", renewed)
	}
	if rec, _ := send(t, hd, "GET", "/get", renewed); rec.Body.String() != "ada" {
		t.Errorf("renewed session reads user %q, want ada", rec.Body)
	}
	mustMiss(t, s, old)
}

// A request that loaded the session before another request ended it (a
// logout, or a login that renewed the token) and then calls Renew itself
// does not carry the values it loaded into a new session: it saves
// nothing and sets no cookie, so the logout or the other login stands.
func inFlightRenewGone(t *testing.T, h Harness, idle bool) {
	for _, tc := range []struct {
		name, other string
		user        string // the user the other request's cookie reads after
	}{
		{"AfterLogout", "/logout", ""},
		{"AfterLogin", "/login?user=bob", "bob"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := h.Open(t)
			hd, sl := renewHandler(t, s, idle)
			_, old := send(t, hd, "POST", "/login?user=ada", "")

			sl.send(t, hd, "/slow", old)
			_, other := send(t, hd, "POST", tc.other, old)
			rec := sl.finish()
			if rec.Code != http.StatusOK || rec.Body.String() != "ada" {
				t.Fatalf("slow request: %d %q, want 200 and the user it loaded", rec.Code, rec.Body)
			}
			if ck := FindCookie(rec, "session"); ck != nil {
				t.Errorf("slow request set cookie %v, want none", ck)
				if r, _ := send(t, hd, "GET", "/get", ck.Value); r.Body.String() != "" {
					t.Errorf("its new session reads user %q: the slow request's Renew brought the session back", r.Body)
				}
			}
			mustMiss(t, s, old)
			if other != "" {
				if r, _ := send(t, hd, "GET", "/get", other); r.Body.String() != tc.user {
					t.Errorf("the other request's session reads user %q, want %q", r.Body, tc.user)
				}
			}
		})
	}

	// Destroy after such a Renew starts a new session, as Destroy always
	// does: what the request puts then is saved.
	t.Run("ThenDestroy", func(t *testing.T) {
		s := h.Open(t)
		hd, sl := renewHandler(t, s, idle)
		_, old := send(t, hd, "POST", "/login?user=ada", "")

		sl.send(t, hd, "/slow?as=guest", old)
		send(t, hd, "POST", "/logout", old)
		ck := FindCookie(sl.finish(), "session")
		if ck == nil || ck.Value == "" || ck.Value == old {
			t.Fatalf("slow request set cookie %v, want a new session's", ck)
		}
		if r, _ := send(t, hd, "GET", "/get", ck.Value); r.Body.String() != "guest" {
			t.Errorf("the new session reads user %q, want guest", r.Body)
		}
		mustMiss(t, s, old)
	})
}
