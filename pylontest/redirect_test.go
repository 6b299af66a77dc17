package pylontest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/pylontest"
)

func redirects() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /submit", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/step", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /step", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "done?from=step", http.StatusFound)
	})
	mux.HandleFunc("GET /done", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "done from "+r.URL.Query().Get("from"))
	})
	mux.HandleFunc("POST /keep", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/echo", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write(b)
	})
	mux.HandleFunc("GET /loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	return mux
}

func TestRedirectsFollowed(t *testing.T) {
	resp := pylontest.New(t, redirects()).PostForm("/submit", nil)
	resp.MustStatus(200).MustContain("done from step")
	if got := resp.URL().String(); got != "http://example.com/done?from=step" {
		t.Errorf("URL = %s", got)
	}
	if len(resp.Redirects) != 2 {
		t.Fatalf("got %d redirects, want 2", len(resp.Redirects))
	}
	first, second := resp.Redirects[0], resp.Redirects[1]
	if first.Code != 303 || first.Request.Method != "POST" || first.Location() != "/step" {
		t.Errorf("first redirect: %d %s %q", first.Code, first.Request.Method, first.Location())
	}
	if second.Code != 302 || second.Request.Method != "GET" || second.Request.URL.Path != "/step" {
		t.Errorf("second redirect: %d %s %s", second.Code, second.Request.Method, second.Request.URL)
	}
}

func TestRedirectsNotFollowed(t *testing.T) {
	c := pylontest.New(t, redirects())
	c.FollowRedirects = false
	resp := c.PostForm("/submit", nil).MustStatus(303).MustHeader("Location", "/step")
	if len(resp.Redirects) != 0 {
		t.Errorf("got %d redirects, want none", len(resp.Redirects))
	}
	step := resp.Follow().MustStatus(302)
	if step.Location() != "/done?from=step" {
		t.Errorf("Location = %q", step.Location())
	}
	step.Follow().MustStatus(200).MustContain("done from step")
}

func TestRedirect307KeepsBody(t *testing.T) {
	pylontest.New(t, redirects()).Post("/keep", "text/plain", strings.NewReader("payload")).
		MustStatus(200).MustContain("payload")
}

func TestRedirectLoopFails(t *testing.T) {
	ft := &fakeT{TB: t}
	c := pylontest.New(ft, redirects())
	c.MaxRedirects = 3
	resp := c.Get("/loop")
	if resp == nil {
		t.Fatal("nil Response after a failure")
	}
	msg := ft.failure(t)
	mustContain(t, msg, "GET http://example.com/loop", "stopped after 3 redirects", "redirects: GET /loop (302) -> GET /loop (302)")
}

func TestFollowWithoutLocationFails(t *testing.T) {
	ft := &fakeT{TB: t}
	pylontest.New(ft, echo).Get("/").Follow()
	mustContain(t, ft.failure(t), "Follow: the response has no Location header", "status: 200 OK")
}
