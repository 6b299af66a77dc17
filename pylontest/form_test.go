package pylontest_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/pylontest"
)

const formPage = `<!doctype html>
<form id="f" action="/submit?dropped=1" method="post">
  <input type="hidden" name="csrf_token" value="tok123">
  <input name="title" value="Old">
  <input type="text" name="off" value="x" disabled>
  <fieldset disabled>
    <legend><input name="inlegend" value="L"></legend>
    <input name="infieldset" value="F">
  </fieldset>
  <input type="checkbox" name="agree">
  <input type="checkbox" name="tags" value="go" checked>
  <input type="checkbox" name="tags" value="py">
  <input type="checkbox" name="tags" value="rb" disabled>
  <input type="radio" name="color" value="red" checked>
  <input type="radio" name="color" value="blue">
  <select name="size"><option>S</option><option value="m">  Medium </option><option disabled>XL</option></select>
  <select name="langs" multiple><option value="en" selected>English</option><option value="fr">French</option></select>
  <textarea name="body">
Hello
world</textarea>
  <input type="reset" name="reset"><button type="button" name="plain">x</button>
  <input type="checkbox" name="elsewhere" value="1" form="other" checked>
  <input type="file" name="ignored">
  <button name="action" value="save">Save</button>
  <button name="action" value="delete">Delete</button>
  <input type="submit" name="go" value="Go" formaction="/search#results" formmethod="get">
  <input type="image" name="pic" src="p.png">
</form>
<input name="external" value="E" form="f">
<form id="search" action="search"><input type="search" name="q"><input name="page" value="1"></form>`

// formApp serves formPage and echoes what a form sends.
func formApp() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /form/page", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, formPage)
	})
	echoForm := func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s\ntype=%s\nbody=%s\norigin=%s referer=%s site=%s\n",
			r.Method, r.URL, r.Header.Get("Content-Type"), body,
			r.Header.Get("Origin"), r.Header.Get("Referer"), r.Header.Get("Sec-Fetch-Site"))
	}
	mux.HandleFunc("/submit", echoForm)
	mux.HandleFunc("/form/search", echoForm)
	mux.HandleFunc("/search", echoForm)
	return mux
}

func TestFormDefaults(t *testing.T) {
	page := pylontest.New(t, formApp()).Get("/form/page")
	f := page.Form("#f")
	if f.Method != "POST" || f.Action != "http://example.com/submit?dropped=1" || f.Enctype != "application/x-www-form-urlencoded" {
		t.Errorf("Method, Action, Enctype = %s %s %s", f.Method, f.Action, f.Enctype)
	}
	if got := f.Get("body"); got != "Hello\nworld" {
		t.Errorf("textarea = %q, want the leading newline dropped", got)
	}
	f.Submit().MustStatus(200).MustContain(
		"POST /submit?dropped=1\n",
		"type=application/x-www-form-urlencoded\n",
		"body=csrf_token=tok123&title=Old&inlegend=L&tags=go&color=red&size=S&langs=en&body=Hello%0Aworld&ignored=&external=E\n",
		"origin=http://example.com referer=http://example.com/form/page site=same-origin",
	)
}

func TestFormEdits(t *testing.T) {
	f := pylontest.New(t, formApp()).Get("/form/page").Form("form#f")
	f.Set("title", "New & improved").
		Set("csrf_token", "tampered").
		Check("agree").
		Check("tags", "py").Uncheck("tags", "go").
		Check("color", "blue").
		Select("size", "m").
		Select("langs", "fr", "en").
		Set("body", "line")
	want := "body=csrf_token=tampered&title=New+%26+improved&inlegend=L&agree=on&tags=py&color=blue&size=m&langs=en&langs=fr&body=line&ignored=&external=E\n"
	f.Submit().MustContain(want)

	// The form keeps its state and submits again, with a button.
	f.Set("color", "red")
	f.SubmitWithValue("action", "delete").MustContain("color=red", "&action=delete&external=E\n")
	f.SubmitWith("action").MustContain("&action=save&")
	f.SubmitWith("pic").MustContain("&pic.x=0&pic.y=0&")
}

func TestFormButtonOverrides(t *testing.T) {
	f := pylontest.New(t, formApp()).Get("/form/page").Form("#f")
	resp := f.SubmitWith("go").MustStatus(200)
	resp.MustContain("GET /search?csrf_token=tok123&", "&go=Go&external=E\n", "body=\n", "origin= ")
	if resp.URL().Fragment != "" {
		t.Errorf("the fragment was sent: %s", resp.URL())
	}
}

func TestFormGet(t *testing.T) {
	page := pylontest.New(t, formApp()).Get("/form/page")
	page.Form("#search").Set("q", "go tasks").Submit().
		MustContain("GET /form/search?q=go+tasks&page=1\n", "body=\n")
}

func TestFormMultipart(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<form method="POST" action="/up" enctype="multipart/form-data">
<input type="hidden" name="csrf_token" value="t1">
<input name="caption" value="cat">
<input type="file" name="photo">
<input type="file" name="docs" multiple>
<input type="file" name="none">
</form>`)
	})
	mux.HandleFunc("POST /up", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		fmt.Fprintf(w, "token=%s caption=%s\n", r.FormValue("csrf_token"), r.FormValue("caption"))
		names := slices.Sorted(func(yield func(string) bool) {
			for k := range r.MultipartForm.File {
				if !yield(k) {
					return
				}
			}
		})
		for _, name := range names {
			for _, fh := range r.MultipartForm.File[name] {
				f, _ := fh.Open()
				b, _ := io.ReadAll(f)
				f.Close()
				fmt.Fprintf(w, "%s: %s %s %q\n", name, fh.Filename, fh.Header.Get("Content-Type"), b)
			}
		}
		if _, _, err := r.FormFile("none"); err != http.ErrMissingFile {
			fmt.Fprintf(w, "none: %v\n", err)
		}
	})
	page := pylontest.New(t, mux).Get("/")
	page.Form("form").
		Upload("photo", "first.png", []byte("x")).
		Upload("photo", "cat.png", []byte("\x89PNG")).
		Upload("docs", "a.txt", []byte("A")).
		Upload("docs", "b \"q\".bin", []byte("B")).
		Submit().MustStatus(200).
		MustContain(
			"token=t1 caption=cat\n",
			`docs: a.txt text/plain; charset=utf-8 "A"`,
			`docs: b "q".bin application/octet-stream "B"`,
			`photo: cat.png image/png "\x89PNG"`,
		).MustNotContain("first.png", "none:")
}

func TestFormSelectsFirstOption(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			r.ParseForm()
			io.WriteString(w, r.PostForm.Encode())
			return
		}
		io.WriteString(w, `<form method=post>
<select name="a"><option disabled>x</option><option>y</option><option>z</option></select>
<select name="b"><option selected>1</option><option selected>2</option></select>
<select name="c" size="3"><option>list</option></select>
<select name="d"><optgroup label="g" disabled><option>g1</option></optgroup><option value="">none</option></select>
<input type="radio" name="r" value="1" checked><input type="radio" name="r" value="2" checked>
</form>`)
	})
	pylontest.New(t, h).Get("/").Form("form").Submit().MustContain("a=y&b=2&d=&r=2")
}

func TestFormErrors(t *testing.T) {
	tests := []struct {
		name string
		do   func(*pylontest.Form)
		want string
	}{
		{"unknown", func(f *pylontest.Form) { f.Set("nope", "1") }, `Form: the form has no field named "nope" (fields: "csrf_token", "title", "off", "inlegend", "infieldset", "agree", "tags", "color", "size", "langs", "body", "ignored", "external")`},
		{"disabled", func(f *pylontest.Form) { f.Set("infieldset", "1") }, `Form: the field "infieldset" is disabled`},
		{"checkbox", func(f *pylontest.Form) { f.Set("agree", "on") }, `Set: "agree" is a checkbox: use Check or Uncheck`},
		{"file", func(f *pylontest.Form) { f.Set("ignored", "x") }, `Set: "ignored" is a file field: use Upload`},
		{"many boxes", func(f *pylontest.Form) { f.Check("tags") }, `Check: 3 checkboxes are named "tags": give the values to check`},
		{"box value", func(f *pylontest.Form) { f.Check("tags", "js") }, `Check: no checkbox "tags" has the value "js" (values: "go", "py", "rb")`},
		{"disabled box", func(f *pylontest.Form) { f.Check("tags", "rb") }, `Check: the checkbox "tags" with value "rb" is disabled`},
		{"option", func(f *pylontest.Form) { f.Select("size", "L") }, `Select: "size" has no option "L" (options: "S", "m", "XL")`},
		{"disabled option", func(f *pylontest.Form) { f.Select("size", "XL") }, `Select: the option "XL" of "size" is disabled`},
		{"single", func(f *pylontest.Form) { f.Select("size", "S", "m") }, `Select: "size" takes one value, not 2`},
		{"radio", func(f *pylontest.Form) { f.Select("color", "green") }, `Select: no radio "color" has the value "green" (values: "red", "blue")`},
		{"not select", func(f *pylontest.Form) { f.Select("title", "x") }, `Select: "title" is a text, not a select or a radio group`},
		{"upload", func(f *pylontest.Form) { f.Upload("title", "a.txt", nil) }, `Upload: "title" is a text, not a file field`},
		{"button", func(f *pylontest.Form) { f.SubmitWith("save") }, `Form: no submit button is named "save"`},
		{"button value", func(f *pylontest.Form) { f.SubmitWithValue("action", "x") }, `Form: no submit button "action" has the value "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ft := &fakeT{TB: t}
			page := pylontest.New(ft, formApp()).Get("/form/page")
			tt.do(page.Form("#f"))
			mustContain(t, ft.failure(t), tt.want)
		})
	}
}

func TestFormAmbiguous(t *testing.T) {
	ft := &fakeT{TB: t}
	pylontest.New(ft, formApp()).Get("/form/page").Form("form")
	mustContain(t, ft.failure(t), `Form: "form" leads to 2 forms, want 1 (the page has 2)`)

	// A selector for an element around one form finds it.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<div id="login"><form action="/in"></form></div>`)
	})
	if got := pylontest.New(t, h).Get("/").Form("#login").Action; !strings.HasSuffix(got, "/in") {
		t.Errorf("Action = %q", got)
	}
}
