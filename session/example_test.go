package session_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/session"
)

// Log in with Renew against session fixation, then show a flash message
// once. The sessions are in memory, the default store.
func Example() {
	app := pylon.New(pylon.Config{})
	sessions, err := session.Setup(context.Background(), app, session.Config{})
	if err != nil {
		panic(err)
	}
	defer sessions.Close()

	app.POST("/theme", func(c *pylon.Context) error {
		session.Put(c, "theme", c.Query("name"))
		return c.NoContent(http.StatusNoContent)
	})
	app.POST("/login", func(c *pylon.Context) error {
		// (check the password here)
		if err := session.Renew(c); err != nil {
			return err
		}
		session.Put(c, "user", c.Query("user"))
		session.Flash(c, "success", "Welcome, "+c.Query("user"))
		return c.Redirect(http.StatusSeeOther, "/")
	})
	app.GET("/{$}", func(c *pylon.Context) error {
		page := fmt.Sprintf("user=%s theme=%s", session.GetString(c, "user"), session.GetString(c, "theme"))
		for _, m := range session.Flashes(c) {
			page += fmt.Sprintf(" [%s] %s", m.Category, m.Text)
		}
		return c.String(http.StatusOK, page)
	})

	// A browser that keeps the session cookie.
	var cookie *http.Cookie
	visit := func(method, target string) string {
		req := httptest.NewRequest(method, target, nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, req)
		for _, ck := range rec.Result().Cookies() {
			cookie = ck
		}
		if loc := rec.Header().Get("Location"); loc != "" {
			return fmt.Sprintf("%d -> %s", rec.Code, loc)
		}
		b, _ := io.ReadAll(rec.Body)
		return fmt.Sprintf("%d %s", rec.Code, b)
	}

	visit("POST", "/theme?name=dark")
	before := cookie.Value
	fmt.Println(visit("POST", "/login?user=ada"))
	fmt.Println("new token after login:", cookie.Value != before)
	fmt.Println(visit("GET", "/"))
	fmt.Println(visit("GET", "/"))
	// Output:
	// 303 -> /
	// new token after login: true
	// 200 user=ada theme=dark [success] Welcome, ada
	// 200 user=ada theme=dark
}

// Without Pylon, Handler is net/http middleware and the functions take the
// *http.Request.
func ExampleManager_Handler() {
	sessions, err := session.New(context.Background(), session.Config{})
	if err != nil {
		panic(err)
	}
	defer sessions.Close()

	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n := session.GetInt(r, "visits") + 1
		session.Put(r, "visits", n)
		fmt.Fprintf(w, "visit %d", n)
	})
	h := sessions.Handler(mux)

	var cookie *http.Cookie
	for range 3 {
		req := httptest.NewRequest("GET", "/", nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		cookie = rec.Result().Cookies()[0]
		fmt.Println(rec.Body)
	}
	// Output:
	// visit 1
	// visit 2
	// visit 3
}
