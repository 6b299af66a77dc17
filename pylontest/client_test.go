package pylontest_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/pylontest"
)

// echo answers with what the handler saw of the request.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	fmt.Fprintf(w, "%s %s host=%s uri=%s remote=%s tls=%t\n", r.Method, r.URL, r.Host, r.RequestURI, r.RemoteAddr, r.TLS != nil)
	fmt.Fprintf(w, "type=%s accept=%s\n", r.Header.Get("Content-Type"), r.Header.Get("Accept"))
	fmt.Fprintf(w, "body=%s", body)
})

func TestMethods(t *testing.T) {
	c := pylontest.New(t, echo)
	tests := []struct {
		name string
		resp *pylontest.Response
		want []string
	}{
		{"Get", c.Get("/a?x=1"), []string{"GET /a?x=1 host=example.com uri=/a?x=1 remote=192.0.2.1:1234 tls=false"}},
		{"Post", c.Post("/p", "text/plain", strings.NewReader("hi")), []string{"POST /p", "type=text/plain", "body=hi"}},
		{"PostForm", c.PostForm("/f", url.Values{"a": {"1 2"}}), []string{"POST /f", "type=application/x-www-form-urlencoded", "body=a=1+2"}},
		{"PostJSON", c.PostJSON("/j", map[string]int{"n": 1}), []string{"POST /j", "type=application/json", `body={"n":1}`}},
		{"Put", c.Put("/u", "text/plain", strings.NewReader("x")), []string{"PUT /u", "body=x"}},
		{"PutJSON", c.PutJSON("/u", []int{1}), []string{"PUT /u", "body=[1]"}},
		{"Patch", c.Patch("/u", "text/plain", strings.NewReader("y")), []string{"PATCH /u", "body=y"}},
		{"PatchJSON", c.PatchJSON("/u", "s"), []string{"PATCH /u", `body="s"`}},
		{"Delete", c.Delete("/d/1"), []string{"DELETE /d/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.resp.MustStatus(200)
			for _, w := range tt.want {
				if !strings.Contains(tt.resp.Body, w) {
					t.Errorf("body %q does not contain %q", tt.resp.Body, w)
				}
			}
		})
	}
}

func TestHeadHasNoBody(t *testing.T) {
	resp := pylontest.New(t, echo).Head("/").MustStatus(200)
	if resp.Body != "" {
		t.Errorf("HEAD body = %q, want empty", resp.Body)
	}
}

func TestBaseURLAndHeaders(t *testing.T) {
	c := pylontest.New(t, echo)
	c.BaseURL = "https://shop.test:8443/"
	c.Header = http.Header{"Accept": {"application/json"}}
	c.Get("/x").MustContain("GET /x host=shop.test:8443", "tls=true", "accept=application/json")

	req := c.NewRequest("GET", "/y", nil)
	req.Header.Set("Accept", "text/html")
	c.Do(req).MustContain("accept=text/html") // the request's own header wins

	if got := c.URL("/z?q=1"); got != "https://shop.test:8443/z?q=1" {
		t.Errorf("URL = %q", got)
	}
}

func TestDoServerRequest(t *testing.T) {
	// A request from httptest.NewRequest has a relative URL and a
	// RequestURI, which http.Client refuses; Do accepts it.
	c := pylontest.New(t, echo)
	c.Do(httptest.NewRequest("PUT", "/r?a=b", strings.NewReader("z"))).
		MustStatus(200).MustContain("PUT /r?a=b host=example.com uri=/r?a=b", "body=z")
}

func TestResponseFields(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Kind", "teapot")
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "short and stout")
	})
	resp := pylontest.New(t, h).Get("/pot")
	if resp.Code != 418 || resp.Status != "418 I'm a teapot" || resp.Body != "short and stout" {
		t.Errorf("got %d %q %q", resp.Code, resp.Status, resp.Body)
	}
	if resp.URL().String() != "http://example.com/pot" {
		t.Errorf("URL = %s", resp.URL())
	}
	resp.MustStatus(418).MustHeader("x-kind", "teapot").MustContain("short", "stout").MustNotContain("tall")
}

func TestJSON(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":7,"tags":["a","b"]}`)
	})
	var v struct {
		ID   int
		Tags []string
	}
	pylontest.New(t, h).Get("/").MustStatus(200).JSON(&v)
	if v.ID != 7 || len(v.Tags) != 2 {
		t.Errorf("decoded %+v", v)
	}
}
