// Package storetest is the test suite every session store passes: the
// scs Store contract, then the session features end to end through a
// Pylon App (login with Renew, flash messages, Destroy, tampered cookies,
// and store outages).
package storetest

import (
	"bytes"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/session"
)

// Harness opens the store under test.
type Harness struct {
	// Open returns a fresh, empty store; the test's cleanup closes it.
	Open func(t *testing.T) session.Store
	// Break makes s fail from now on, as if its server went away. If nil,
	// the outage tests are skipped (the memory store cannot fail).
	Break func(t *testing.T, s session.Store)
}

// Run runs the suite against h's stores.
func Run(t *testing.T, h Harness) {
	t.Run("Contract", func(t *testing.T) { contract(t, h) })
	t.Run("Login", func(t *testing.T) { login(t, h) })
	t.Run("FlashOnce", func(t *testing.T) { flashOnce(t, h) })
	t.Run("Destroy", func(t *testing.T) { destroy(t, h) })
	t.Run("TamperedCookie", func(t *testing.T) { tampered(t, h) })
	t.Run("Update", func(t *testing.T) { update(t, h) })
	t.Run("DeleteExisting", func(t *testing.T) { deleteExisting(t, h) })
	for _, idle := range []bool{false, true} {
		name := "NoIdleTimeout"
		if idle {
			name = "IdleTimeout"
		}
		t.Run(name, func(t *testing.T) {
			t.Run("InFlightLogout", func(t *testing.T) { inFlightLogout(t, h, idle) })
			t.Run("InFlightRenew", func(t *testing.T) { inFlightRenew(t, h, idle) })
			t.Run("InFlightFlash", func(t *testing.T) { inFlightFlash(t, h, idle) })
			t.Run("RenewLive", func(t *testing.T) { renewLive(t, h, idle) })
			t.Run("InFlightRenewGone", func(t *testing.T) { inFlightRenewGone(t, h, idle) })
		})
	}
	t.Run("Outage", func(t *testing.T) {
		if h.Break == nil {
			t.Skip("this store cannot fail")
		}
		outage(t, h)
	})
}

func contract(t *testing.T, h Harness) {
	s := h.Open(t)
	later := time.Now().Add(time.Hour)
	if _, found, err := s.Find("missing"); found || err != nil {
		t.Fatalf("Find(missing) = found %v, err %v; want false, nil", found, err)
	}
	mustCommit(t, s, "a", "one", later)
	mustFind(t, s, "a", "one")
	mustCommit(t, s, "a", "two", later)
	mustFind(t, s, "a", "two")

	if err := s.Delete("a"); err != nil {
		t.Fatal(err)
	}
	mustMiss(t, s, "a")
	if err := s.Delete("a"); err != nil {
		t.Fatalf("Delete of a missing token: %v", err)
	}

	// Expiry: in the past at once, and a short one after it has passed
	// (the sleep only ever makes the test slower, never flaky).
	mustCommit(t, s, "past", "x", time.Now().Add(-time.Second))
	mustMiss(t, s, "past")
	mustCommit(t, s, "short", "x", time.Now().Add(30*time.Millisecond))
	time.Sleep(100 * time.Millisecond)
	mustMiss(t, s, "short")

	if it, ok := s.(scs.IterableStore); ok {
		mustCommit(t, s, "b", "B", later)
		mustCommit(t, s, "c", "C", later)
		all, err := it.All()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]byte{"b": []byte("B"), "c": []byte("C")}
		if !maps.EqualFunc(all, want, bytes.Equal) {
			t.Errorf("All() = %q, want %q", all, want)
		}
	}

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			tok := "p" + string(rune('0'+i))
			if err := s.Commit(tok, []byte(tok), later); err != nil {
				t.Error(err)
			}
			if _, _, err := s.Find(tok); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

func mustCommit(t *testing.T, s session.Store, token, data string, expiry time.Time) {
	t.Helper()
	if err := s.Commit(token, []byte(data), expiry); err != nil {
		t.Fatalf("Commit(%q): %v", token, err)
	}
}

func mustFind(t *testing.T, s session.Store, token, want string) {
	t.Helper()
	b, found, err := s.Find(token)
	if err != nil || !found || string(b) != want {
		t.Fatalf("Find(%q) = %q, %v, %v; want %q, true, nil", token, b, found, err, want)
	}
}

func mustMiss(t *testing.T, s session.Store, token string) {
	t.Helper()
	if b, found, err := s.Find(token); found || err != nil {
		t.Fatalf("Find(%q) = %q, %v, %v; want not found", token, b, found, err)
	}
}

func login(t *testing.T, h Harness) {
	cl := NewClient(t, h.Open(t))
	// Before login: a session with a cart, so there is a token to fixate.
	cl.Do("POST", "/put?key=cart&value=3+apples")
	before := cl.Token()
	if before == "" {
		t.Fatal("no session cookie after Put")
	}
	if got := cl.Do("POST", "/login?user=ada").Body.String(); got != "ok" {
		t.Fatalf("login: %q", got)
	}
	after := cl.Token()
	if after == "" || after == before {
		t.Fatalf("Renew kept the token %q", before)
	}
	if got := cl.Do("GET", "/get?key=user").Body.String(); got != "ada" {
		t.Errorf("user after login = %q, want ada", got)
	}
	if got := cl.Do("GET", "/get?key=cart").Body.String(); got != "3 apples" {
		t.Errorf("cart after Renew = %q, want the data kept", got)
	}
	// The pre-login token is worth nothing now.
	cl.SetToken(before)
	if got := cl.Do("GET", "/get?key=user").Body.String(); got != "" {
		t.Errorf("the old token still reads user %q", got)
	}
}

func flashOnce(t *testing.T, h Harness) {
	cl := NewClient(t, h.Open(t))
	cl.Do("POST", "/flash?cat=success&text=Saved")
	cl.Do("POST", "/flash?cat=error&text=Oops")
	if got := cl.Do("GET", "/flashes").Body.String(); got != "success:Saved|error:Oops|" {
		t.Errorf("first read = %q", got)
	}
	if got := cl.Do("GET", "/flashes").Body.String(); got != "" {
		t.Errorf("second read = %q, want none", got)
	}
}

func destroy(t *testing.T, h Harness) {
	cl := NewClient(t, h.Open(t))
	cl.Do("POST", "/login?user=ada")
	old := cl.Token()
	rec := cl.Do("POST", "/logout")
	ck := FindCookie(rec, "session")
	if ck == nil || ck.MaxAge >= 0 || ck.Value != "" {
		t.Fatalf("logout cookie = %v, want a deletion", ck)
	}
	cl.SetToken(old)
	if got := cl.Do("GET", "/get?key=user").Body.String(); got != "" {
		t.Errorf("destroyed session still reads user %q", got)
	}
}

func tampered(t *testing.T, h Harness) {
	cl := NewClient(t, h.Open(t))
	cl.Do("POST", "/login?user=ada")
	tok := cl.Token()
	for _, bad := range []string{
		flip(tok),                     // well-formed, unknown
		tok + "x",                     // too long
		"../../etc/passwd",            // not a token at all
		strings.Repeat("*", 43),       // right length, wrong alphabet
		"session:" + tok[:len(tok)-8], // a key prefix guess
	} {
		cl.SetToken(bad)
		rec := cl.Do("GET", "/get?key=user")
		if rec.Code != http.StatusOK || rec.Body.String() != "" {
			t.Errorf("cookie %q: %d %q, want 200 and an empty session", bad, rec.Code, rec.Body)
		}
	}
}

// flip changes the token's last character.
func flip(tok string) string {
	last := byte('A')
	if tok[len(tok)-1] == 'A' {
		last = 'B'
	}
	return tok[:len(tok)-1] + string(last)
}

func outage(t *testing.T, h Harness) {
	s := h.Open(t)
	cl := NewClient(t, s)
	cl.Do("POST", "/login?user=ada")
	h.Break(t, s)

	// Loading an existing session fails.
	rec := cl.Do("GET", "/get?key=user")
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("load during outage: %d %q, want 503", rec.Code, rec.Body)
	}
	// Saving a new session fails at the first write.
	cl.SetToken("")
	rec = cl.Do("POST", "/put?key=a&value=b")
	if rec.Code != http.StatusServiceUnavailable || strings.Contains(rec.Body.String(), "ok") {
		t.Errorf("save during outage: %d %q, want 503 without the handler's body", rec.Code, rec.Body)
	}
	logs := cl.Logs.String()
	if n := strings.Count(logs, "request_id=req-"); n < 2 || !strings.Contains(logs, "status=503") {
		t.Errorf("want log lines with the request ID and status 503, got:\n%s", logs)
	}
}

// Client drives an App, keeping the session cookie like a browser.
type Client struct {
	T   *testing.T
	App *pylon.App
	// Logs holds the App's log lines.
	Logs   *bytes.Buffer
	cookie string
	n      int
}

// NewApp returns an App configured by cfg with m installed, logging to a
// buffer, and the suite's Routes.
func NewApp(t *testing.T, m *session.Manager, cfg pylon.Config) (*pylon.App, *bytes.Buffer) {
	t.Helper()
	app := pylon.New(cfg)
	logs := &bytes.Buffer{}
	app.Logger = slog.New(slog.NewTextHandler(&syncWriter{w: logs}, nil))
	if err := app.Plug(m); err != nil {
		t.Fatal(err)
	}
	Routes(app)
	return app, logs
}

// NewClient returns a Client of a new App whose sessions live in store.
func NewClient(t *testing.T, store session.Store) *Client {
	t.Helper()
	return NewClientConfig(t, store, session.Config{})
}

// NewClientConfig is NewClient with the Manager configured by cfg.
func NewClientConfig(t *testing.T, store session.Store, cfg session.Config) *Client {
	t.Helper()
	m, err := session.NewWithStore(cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	app, logs := NewApp(t, m, pylon.Config{})
	return &Client{T: t, App: app, Logs: logs}
}

// Routes adds the handlers the suite drives.
func Routes(app *pylon.App) {
	app.POST("/put", func(c *pylon.Context) error {
		session.Put(c, c.Query("key"), c.Query("value"))
		return c.String(http.StatusOK, "ok")
	})
	app.GET("/get", func(c *pylon.Context) error {
		return c.String(http.StatusOK, session.GetString(c, c.Query("key")))
	})
	app.POST("/login", func(c *pylon.Context) error {
		if err := session.Renew(c); err != nil {
			return err
		}
		session.Put(c, "user", c.Query("user"))
		return c.String(http.StatusOK, "ok")
	})
	app.POST("/logout", func(c *pylon.Context) error {
		if err := session.Destroy(c); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	app.POST("/flash", func(c *pylon.Context) error {
		session.Flash(c, c.Query("cat"), c.Query("text"))
		return c.NoContent(http.StatusNoContent)
	})
	app.GET("/flashes", func(c *pylon.Context) error {
		var b strings.Builder
		for _, m := range session.Flashes(c) {
			b.WriteString(m.Category + ":" + m.Text + "|")
		}
		return c.String(http.StatusOK, b.String())
	})
}

// Do sends a request with the cookie and keeps the cookie of the answer.
func (cl *Client) Do(method, target string) *httptest.ResponseRecorder {
	cl.T.Helper()
	return cl.DoRequest(httptest.NewRequest(method, target, nil))
}

// DoRequest is Do for a request of the caller's.
func (cl *Client) DoRequest(req *http.Request) *httptest.ResponseRecorder {
	cl.T.Helper()
	cl.n++
	req.Header.Set("X-Request-Id", "req-"+string(rune('a'+cl.n%26)))
	if cl.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "session", Value: cl.cookie})
	}
	rec := httptest.NewRecorder()
	cl.App.ServeHTTP(rec, req)
	if ck := FindCookie(rec, "session"); ck != nil {
		cl.cookie = ck.Value
		if ck.MaxAge < 0 {
			cl.cookie = ""
		}
	}
	return rec
}

// Token returns the session cookie's value.
func (cl *Client) Token() string { return cl.cookie }

// SetToken sets the session cookie's value; "" sends none.
func (cl *Client) SetToken(tok string) { cl.cookie = tok }

// FindCookie returns the response's cookie called name, or nil.
func FindCookie(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
