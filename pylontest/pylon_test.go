package pylontest_test

import (
	"crypto/rand"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/pylontest"
)

var pageTmpl = template.Must(template.New("").Parse(`<!doctype html>
{{define "login"}}<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="{{.Token}}">
<input name="user"><input type="password" name="password">
<button name="submit">Log in</button></form>{{end}}
{{define "edit"}}<h1>{{.Title}}</h1><form method="post" action="/notes/{{.ID}}">
<input type="hidden" name="_method" value="PUT">
<input type="hidden" name="csrf_token" value="{{.Token}}">
<input name="title" value="{{.Title}}"></form>
<form method="post" action="/notes/{{.ID}}" id="delete">
<input type="hidden" name="_method" value="DELETE">
<input type="hidden" name="csrf_token" value="{{.Token}}"></form>{{end}}`))

// notesApp is a small Pylon App: a login that sets a session cookie, a
// token checked on every POST (with an HttpOnly cookie, as a CSRF
// middleware does), and a note edited through the _method override.
func notesApp() *pylon.App {
	app := pylon.New(pylon.Config{})
	var mu sync.Mutex
	title := "First"
	render := func(c *pylon.Context, name string, data map[string]any) error {
		var b strings.Builder
		if err := pageTmpl.ExecuteTemplate(&b, name, data); err != nil {
			return err
		}
		return c.HTML(http.StatusOK, b.String())
	}
	token := func(c *pylon.Context) string {
		if ck, err := c.Cookie("csrf"); err == nil {
			return ck.Value
		}
		v := rand.Text()
		c.SetCookie(&http.Cookie{Name: "csrf", Value: v, HttpOnly: true})
		return v
	}
	checkToken := func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			ck, err := c.Cookie("csrf")
			if err != nil || c.FormValue("csrf_token") != ck.Value {
				return pylon.NewHTTPError(http.StatusForbidden, "bad CSRF token")
			}
			return next(c)
		}
	}
	loggedIn := func(next pylon.Handler) pylon.Handler {
		return func(c *pylon.Context) error {
			if ck, err := c.Cookie("session"); err != nil || ck.Value != "user:ann" {
				return c.Redirect(http.StatusSeeOther, "/login")
			}
			return next(c)
		}
	}
	app.GET("/login", func(c *pylon.Context) error {
		return render(c, "login", map[string]any{"Token": token(c)})
	})
	app.POST("/login", func(c *pylon.Context) error {
		if c.FormValue("user") != "ann" || c.FormValue("password") != "secret" {
			return pylon.NewHTTPError(http.StatusUnauthorized, "wrong password")
		}
		c.SetCookie(&http.Cookie{Name: "session", Value: "user:ann", HttpOnly: true})
		return c.Redirect(http.StatusSeeOther, "/notes/1/edit")
	}, checkToken)
	app.GET("/notes/{id}/edit", func(c *pylon.Context) error {
		mu.Lock()
		defer mu.Unlock()
		return render(c, "edit", map[string]any{"ID": c.Param("id"), "Title": title, "Token": token(c)})
	}, loggedIn)
	app.PUT("/notes/{id}", func(c *pylon.Context) error {
		mu.Lock()
		title = c.FormValue("title")
		mu.Unlock()
		return c.Redirect(http.StatusSeeOther, "/notes/"+c.Param("id")+"/edit")
	}, loggedIn, checkToken)
	app.DELETE("/notes/{id}", func(c *pylon.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"deleted": c.Param("id")})
	}, loggedIn, checkToken)
	return app
}

func TestPylonLoginFlow(t *testing.T) {
	c := pylontest.New(t, notesApp())

	// Not logged in: sent to the login page.
	page := c.Get("/notes/1/edit").MustStatus(200)
	if len(page.Redirects) != 1 || page.URL().Path != "/login" {
		t.Fatalf("redirects %d, URL %s; want one, to /login", len(page.Redirects), page.URL())
	}

	// A wrong password re-renders nothing: the error handler answers.
	page.Form("form").Set("user", "ann").Set("password", "nope").SubmitWith("submit").
		MustStatus(http.StatusUnauthorized).MustContain("wrong password")

	// The right one: the session cookie is kept and sent.
	edit := page.Form("form").Set("user", "ann").Set("password", "secret").SubmitWith("submit").
		MustStatus(200)
	if edit.URL().Path != "/notes/1/edit" || edit.Text("h1") != "First" {
		t.Fatalf("after login: %s %q", edit.URL(), edit.Text("h1"))
	}
	if c.Cookie("session") != "user:ann" {
		t.Errorf("session cookie = %q", c.Cookie("session"))
	}

	// PUT through _method, then DELETE.
	edited := edit.Form("form:not(#delete)").Set("title", "Second").Submit().MustStatus(200)
	if got := edited.Text("h1"); got != "Second" {
		t.Errorf("title after update = %q", got)
	}
	var out map[string]string
	edited.Form("#delete").Submit().MustStatus(200).JSON(&out)
	if out["deleted"] != "1" {
		t.Errorf("delete answered %v", out)
	}
}

func TestPylonTokenRequired(t *testing.T) {
	c := pylontest.New(t, notesApp())
	login := c.Get("/login").Form("form")
	login.Set("csrf_token", "forged").Set("user", "ann").Set("password", "secret").Submit().
		MustStatus(http.StatusForbidden).MustContain("bad CSRF token")

	// Without the cookie jar, the token cookie is lost and the check fails.
	c2 := pylontest.New(t, notesApp())
	c2.Jar = nil
	c2.Get("/login").Form("form").Set("user", "ann").Set("password", "secret").Submit().
		MustStatus(http.StatusForbidden)
}

func TestPylonErrors(t *testing.T) {
	c := pylontest.New(t, notesApp())
	c.Header = http.Header{"Accept": {"application/json"}}
	var problem struct {
		Status int
		Title  string
	}
	c.Get("/nowhere").MustStatus(404).JSON(&problem)
	if problem.Status != 404 {
		t.Errorf("problem = %+v", problem)
	}
	resp := c.PostJSON("/notes/1/edit", nil).MustStatus(405)
	if !strings.Contains(resp.Header.Get("Allow"), "GET") {
		t.Errorf("Allow = %q", resp.Header.Get("Allow"))
	}
}
