package middleware_test

import (
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"

	"github.com/pylonweb/pylon/middleware"
)

func ExampleCSRF() {
	page := template.Must(template.New("form").Parse(
		`<form method="post" action="/articles">{{.Field}}<input name="title"></form>`))

	mux := http.NewServeMux()
	mux.HandleFunc("GET /articles/new", func(w http.ResponseWriter, r *http.Request) {
		page.Execute(w, map[string]any{"Field": middleware.CSRFField(r)})
	})
	mux.HandleFunc("POST /articles", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "created", r.PostFormValue("title"))
	})
	// In production, Key comes from the configuration, the same on every
	// instance.
	h := middleware.CSRF(middleware.CSRFConfig{Key: []byte("an example key of 32 bytes or more")})(mux)

	// The browser loads the form and gets the cookie.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/articles/new", nil))
	cookie := rec.Result().Cookies()[0]
	token := regexp.MustCompile(`value="([^"]+)"`).FindStringSubmatch(rec.Body.String())[1]

	post := func(form url.Values, headers ...string) {
		req := httptest.NewRequest("POST", "/articles", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		for i := 0; i < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	// A browser without Fetch metadata submits the form with its token.
	post(url.Values{"csrf_token": {token}, "title": {"Hello"}})
	// The same post without the token.
	post(url.Values{"title": {"Hello"}})
	// A modern browser posting from another site.
	post(url.Values{"csrf_token": {token}, "title": {"Hello"}},
		"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	// Output:
	// 200 created Hello
	// 403 Forbidden: CSRF token missing: send it in the "csrf_token" form field or the X-CSRF-Token header
	// 403 Forbidden: cross-origin request refused: cross-origin request detected from Sec-Fetch-Site header
}

func ExampleCSRFToken() {
	// A page hands the token to JavaScript in a meta tag; fetch calls send
	// it back in the X-CSRF-Token header.
	h := middleware.CSRF(middleware.CSRFConfig{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<meta name="csrf-token" content="%s">`, middleware.CSRFToken(r))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Println(strings.HasPrefix(rec.Body.String(), `<meta name="csrf-token" content="`))
	// Output: true
}
