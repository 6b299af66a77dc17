package pylontest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/pylonweb/pylon/pylontest"
)

// cookies sets a cookie on /set and shows the cookies it receives.
func cookies() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/set", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: "abc", Path: "/", HttpOnly: true, Secure: r.TLS != nil})
		http.Redirect(w, r, "/show", http.StatusFound)
	})
	mux.HandleFunc("/clear", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sid", Path: "/", MaxAge: -1})
	})
	mux.HandleFunc("/show", func(w http.ResponseWriter, r *http.Request) {
		for _, ck := range r.Cookies() {
			io.WriteString(w, ck.Name+"="+ck.Value+";")
		}
	})
	return mux
}

func TestCookiesRoundTrip(t *testing.T) {
	c := pylontest.New(t, cookies())
	resp := c.Get("/set").MustStatus(200).MustContain("sid=abc;")
	if ck := resp.Redirects[0].Cookie("sid"); ck == nil || !ck.HttpOnly {
		t.Errorf("Set-Cookie on the redirect = %v, want an HttpOnly sid", ck)
	}
	if got := c.Cookie("sid"); got != "abc" {
		t.Errorf("Cookie(sid) = %q", got)
	}
	c.Get("/show").MustContain("sid=abc;")

	c.SetCookie(&http.Cookie{Name: "lang", Value: "fr"})
	c.Get("/show").MustContain("sid=abc;", "lang=fr;")

	c.Get("/clear")
	c.Get("/show").MustNotContain("sid=")
	if got := c.Cookie("sid"); got != "" {
		t.Errorf("Cookie(sid) after clearing = %q", got)
	}
}

func TestSecureCookieOverHTTPS(t *testing.T) {
	c := pylontest.New(t, cookies())
	c.BaseURL = "https://example.com"
	c.Get("/set").MustContain("sid=abc;")
}

func TestNoJar(t *testing.T) {
	c := pylontest.New(t, cookies())
	c.Jar = nil
	c.Get("/set").MustStatus(200).MustNotContain("sid=")
}

func TestClientsDoNotShareCookies(t *testing.T) {
	h := cookies()
	a, b := pylontest.New(t, h), pylontest.New(t, h)
	a.Get("/set")
	b.Get("/show").MustNotContain("sid=")
}
