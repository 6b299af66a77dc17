package pylontest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/pylontest"
)

var notFound = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Request-Id", "req-1")
	w.WriteHeader(http.StatusNotFound)
	io.WriteString(w, "no such page\n"+strings.Repeat("é", 2000))
})

func TestMustStatusMessage(t *testing.T) {
	ft := &fakeT{TB: t}
	pylontest.New(ft, notFound).Get("/missing?x=1").MustStatus(200)
	msg := ft.failure(t)
	mustContain(t, msg,
		"MustStatus: got 404 Not Found, want 200 OK",
		"request: GET http://example.com/missing?x=1",
		"status: 404 Not Found",
		"  Content-Type: text/plain; charset=utf-8",
		"  X-Request-Id: req-1",
		"body (first 1023 of 4013 bytes):\n  no such page\n  éé",
	)
	if len(msg) > 1500 {
		t.Errorf("message is %d bytes long; the body should be cut", len(msg))
	}
}

func TestAssertionMessages(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept")
		w.Header().Add("Vary", "Cookie")
		io.WriteString(w, `<p>hello</p>`)
	})
	tests := []struct {
		name string
		do   func(*pylontest.Response)
		want []string
	}{
		{"MustContain", func(r *pylontest.Response) { r.MustContain("hello", "bye", "ciao") }, []string{`MustContain: the body does not contain "bye", "ciao"`, "body:\n  <p>hello</p>"}},
		{"MustNotContain", func(r *pylontest.Response) { r.MustNotContain("hello") }, []string{`MustNotContain: the body contains "hello"`}},
		{"MustHeader", func(r *pylontest.Response) { r.MustHeader("vary", "Origin") }, []string{`MustHeader: Vary is "Accept", "Cookie", want "Origin"`}},
		{"MustHeaderMissing", func(r *pylontest.Response) { r.MustHeader("x-frame-options", "DENY") }, []string{`MustHeader: no X-Frame-Options header, want "DENY"`}},
		{"JSON", func(r *pylontest.Response) { var v map[string]any; r.JSON(&v) }, []string{"JSON: decoding the body into *map[string]interface {}: invalid character '<'", "<p>hello</p>"}},
		{"MustFind", func(r *pylontest.Response) { r.MustFind("ul > li") }, []string{`MustFind: nothing in the page matches "ul > li"`}},
		{"Click", func(r *pylontest.Response) { r.Click("a") }, []string{`Click: "a" matches 0 links with an href, want 1`}},
		{"Form", func(r *pylontest.Response) { r.Form("form") }, []string{`Form: "form" leads to 0 forms, want 1 (the page has 0)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ft := &fakeT{TB: t}
			tt.do(pylontest.New(ft, h).Get("/"))
			mustContain(t, ft.failure(t), tt.want...)
		})
	}
}

func TestPassingAssertionsDoNotFail(t *testing.T) {
	ft := &fakeT{TB: t}
	pylontest.New(ft, notFound).Get("/").MustStatus(404).MustContain("no such").
		MustNotContain("secret").MustHeader("X-Request-Id", "req-1")
	if ft.Failed() {
		t.Errorf("unexpected failures: %q", ft.msgs)
	}
}

func TestBadBaseURLFails(t *testing.T) {
	ft := &fakeT{TB: t}
	c := pylontest.New(ft, echo)
	c.BaseURL = "example.com"
	c.Get("/")
	if !ft.Failed() {
		t.Fatal("no failure for a relative BaseURL")
	}
	mustContain(t, ft.msgs[0], `Client.BaseURL "example.com" is not an absolute URL`)
}
