package session_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/session"
	"github.com/pylonweb/pylon/session/internal/storetest"
)

// The session is saved before a flush sends the header, and
// http.ResponseController reaches the writer through the session's.
func TestFlushThroughResponseController(t *testing.T) {
	cl := newClient(t, session.Config{}, pylon.Config{})
	cl.App.GET("/stream", func(c *pylon.Context) error {
		session.Put(c, "streamed", true)
		rc := http.NewResponseController(c.Response())
		if err := rc.Flush(); err != nil {
			return err
		}
		_, err := io.WriteString(c.Response(), "data")
		return err
	})
	cl.App.GET("/streamed", func(c *pylon.Context) error {
		if !session.GetBool(c, "streamed") {
			return c.String(http.StatusOK, "missing")
		}
		return c.String(http.StatusOK, "saved")
	})
	rec := cl.Do("GET", "/stream")
	if !rec.Flushed || rec.Body.String() != "data" {
		t.Fatalf("flushed %v, body %q", rec.Flushed, rec.Body)
	}
	if storetest.FindCookie(rec, "session") == nil {
		t.Fatal("the flush went out without the session cookie")
	}
	if got := cl.Do("GET", "/streamed").Body.String(); got != "saved" {
		t.Errorf("after the stream: %s", got)
	}
}

// Hijacking (for WebSockets) also reaches the connection through the
// session's writer.
func TestHijackThroughResponseController(t *testing.T) {
	m, err := session.NewWithStore(session.Config{}, session.NewMemoryStore(-1))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
		buf.Flush()
	})))
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if b, _ := io.ReadAll(res.Body); string(b) != "hijacked" {
		t.Errorf("body %q", b)
	}
}

// Without a Pylon App, Handler is plain net/http middleware.
func TestHandlerStandalone(t *testing.T) {
	m, err := session.NewWithStore(session.Config{}, session.NewMemoryStore(-1))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /put", func(w http.ResponseWriter, r *http.Request) {
		session.Put(r, "n", 42)
		// Writing nothing: the session is saved when the handler returns.
	})
	mux.HandleFunc("GET /get", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("*", session.GetInt(r, "n")/6))
	})
	h := m.Handler(mux)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/put", nil))
	ck := storetest.FindCookie(rec, "session")
	if ck == nil {
		t.Fatal("no cookie")
	}
	req := httptest.NewRequest("GET", "/get", nil)
	req.AddCookie(ck)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Body.String() != "*******" {
		t.Errorf("body %q", rec.Body)
	}
}

// A failing store outside Pylon: a plain 503 and a log line with the
// request ID.
func TestHandlerStandaloneOutage(t *testing.T) {
	m, err := session.NewWithStore(session.Config{}, failingStore{})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	m.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		session.Put(r, "a", 1)
		io.WriteString(w, "handler")
	}))
	for _, token := range []string{"", strings.Repeat("A", 43)} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("X-Request-Id", "rid-42")
		if token != "" {
			req.AddCookie(&http.Cookie{Name: "session", Value: token})
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusServiceUnavailable || strings.Contains(rec.Body.String(), "handler") {
			t.Errorf("token %q: %d %q, want a 503", token, rec.Code, rec.Body)
		}
	}
	if n := strings.Count(logs.String(), "request_id=rid-42"); n != 2 {
		t.Errorf("want 2 log lines with the request ID, got:\n%s", logs.String())
	}
}

type failingStore struct{}

var errDown = io.ErrUnexpectedEOF

func (failingStore) Find(string) ([]byte, bool, error)      { return nil, false, errDown }
func (failingStore) Commit(string, []byte, time.Time) error { return errDown }
func (failingStore) Delete(string) error                    { return errDown }
func (failingStore) FindCtx(context.Context, string) ([]byte, bool, error) {
	return nil, false, errDown
}

// Stored data that no longer decodes starts a fresh session.
func TestUndecodableSession(t *testing.T) {
	store := session.NewMemoryStore(-1)
	m, err := session.NewWithStore(session.Config{}, store)
	if err != nil {
		t.Fatal(err)
	}
	app, logs := storetest.NewApp(t, m, pylon.Config{})
	cl := &storetest.Client{T: t, App: app, Logs: logs}
	cl.Do("POST", "/login?user=ada")
	store.Commit(cl.Token(), []byte("not gob"), time.Now().Add(time.Hour))
	rec := cl.Do("GET", "/get?key=user")
	if rec.Code != http.StatusOK || rec.Body.String() != "" {
		t.Errorf("%d %q, want 200 and an empty session", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "cannot be decoded") {
		t.Errorf("no warning logged:\n%s", logs)
	}
}

// A value gob cannot encode is the handler's bug: a 500, not a 503.
func TestUnencodableValue(t *testing.T) {
	cl := newClient(t, session.Config{}, pylon.Config{})
	cl.App.GET("/func", func(c *pylon.Context) error {
		session.Put(c, "f", func() {})
		return c.String(http.StatusOK, "ok")
	})
	if rec := cl.Do("GET", "/func"); rec.Code != http.StatusInternalServerError {
		t.Errorf("%d %q, want 500", rec.Code, rec.Body)
	}
}

// Using sessions without the Manager is a wiring mistake that says so.
func TestNoManager(t *testing.T) {
	defer func() {
		if v := recover(); v == nil || !strings.Contains(v.(string), "install a session.Manager") {
			t.Errorf("recovered %v", v)
		}
	}()
	session.Get(httptest.NewRequest("GET", "/", nil), "user")
}

// A handler that writes an error response still saves the session.
func TestSavedWithErrorResponse(t *testing.T) {
	cl := newClient(t, session.Config{}, pylon.Config{})
	cl.App.POST("/fail", func(c *pylon.Context) error {
		session.Flash(c, "error", "Try again")
		return pylon.BadRequest("bad form")
	})
	if rec := cl.Do("POST", "/fail"); rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d", rec.Code)
	}
	if got := cl.Do("GET", "/flashes").Body.String(); got != "error:Try again|" {
		t.Errorf("flashes %q", got)
	}
}
