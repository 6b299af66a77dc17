package pylon_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// FuzzMethodOverride posts a form whose _method field and Content-Type
// are any text: the route that answers is PUT, PATCH or DELETE exactly
// when the body is a well-formed urlencoded form whose _method names one
// of them in any case, and POST otherwise.
func FuzzMethodOverride(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", "DELETE", "a=1")
	f.Add("Application/X-WWW-Form-Urlencoded; charset=UTF-8", "put", "")
	f.Add("application/json", "PATCH", "")
	f.Add("multipart/form-data; boundary=x", "DELETE", "")
	f.Add("application/x-www-form-urlencoded", "GET", "")
	f.Add("application/x-www-form-urlencoded", "DELETE", "%zz")
	app := newApp(pylon.Config{})
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		app.Method(m, "/m", func(c *pylon.Context) error { return c.String(200, m) })
	}
	f.Fuzz(func(t *testing.T, ctype, method, rest string) {
		body := "_method=" + url.QueryEscape(method) + "&" + rest
		r := httptest.NewRequest("POST", "/m", strings.NewReader(body))
		r.Header["Content-Type"] = []string{ctype}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		want := "POST"
		mt, _, _ := strings.Cut(ctype, ";")
		_, err := url.ParseQuery(body)
		switch m := strings.ToUpper(method); {
		case !strings.EqualFold(strings.TrimSpace(mt), "application/x-www-form-urlencoded") || err != nil:
		case m == "PUT" || m == "PATCH" || m == "DELETE":
			want = m
		}
		if w.Code != 200 || w.Body.String() != want {
			t.Fatalf("Content-Type %q, body %q: %d %q, want %s", ctype, body, w.Code, w.Body, want)
		}
	})
}

// FuzzQueryInt reads an int from any query string and path parameter:
// the answer is the integer strconv.Atoi reads from the value, the
// default when the value is empty, or 400 naming the parameter.
func FuzzQueryInt(f *testing.F) {
	for _, s := range []string{"n=5", "n=-7&n=3", "n=", "n=x", "n=99999999999999999999", "n=%2B4", "a=1;n=2", "n=%zz"} {
		f.Add(s, "12")
	}
	app := newApp(pylon.Config{})
	app.GET("/q/{id}", func(c *pylon.Context) error {
		n, err := c.QueryInt("n", -1)
		if err != nil {
			return err
		}
		id, err := c.ParamInt("id")
		if err != nil {
			return err
		}
		return c.String(200, strconv.Itoa(n)+" "+strconv.Itoa(id))
	})
	f.Fuzz(func(t *testing.T, query, id string) {
		if id == "" || id == "." || id == ".." {
			return // no segment, or one the router cleans away with a redirect
		}
		r := httptest.NewRequest("GET", "/q/x", nil)
		r.URL.RawPath = "/q/" + url.PathEscape(id)
		r.URL.Path = "/q/" + id
		r.URL.RawQuery = query
		r.Header.Set("Accept", "text/plain")
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		vals, _ := url.ParseQuery(query)
		v := vals.Get("n")
		n, nerr := strconv.Atoi(v)
		if v == "" {
			n, nerr = -1, nil
		}
		i, ierr := strconv.Atoi(id)
		switch {
		case nerr != nil:
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "query parameter n: "+strconv.Quote(v)+" is not an integer") {
				t.Fatalf("query %q: %d %q, want 400 naming n", query, w.Code, w.Body)
			}
		case ierr != nil:
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "path parameter id: "+strconv.Quote(id)+" is not an integer") {
				t.Fatalf("id %q: %d %q, want 400 naming id", id, w.Code, w.Body)
			}
		default:
			if want := strconv.Itoa(n) + " " + strconv.Itoa(i); w.Code != 200 || w.Body.String() != want {
				t.Fatalf("query %q, id %q: %d %q, want %q", query, id, w.Code, w.Body, want)
			}
		}
	})
}
