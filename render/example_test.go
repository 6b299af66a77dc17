package render_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"testing/fstest"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/render"
)

func ExampleHTMLEngine() {
	templates := fstest.MapFS{
		"layouts/base.html":  {Data: []byte(`<title>{{block "title" .}}Site{{end}}</title>{{template "partials/nav.html"}}<main>{{block "content" .}}{{end}}</main>`)},
		"partials/nav.html":  {Data: []byte(`<nav>menu</nav>`)},
		"articles/show.html": {Data: []byte(`{{define "title"}}{{.Title}}{{end}}{{define "content"}}<h1>{{.Title}}</h1>{{pluralize .Comments "comment"}}{{end}}`)},
	}
	e, err := render.NewHTMLEngine(render.Config{FS: templates})
	if err != nil {
		panic(err)
	}
	e.Render(os.Stdout, "articles/show.html", map[string]any{"Title": "Fish & chips", "Comments": 3})
	// Output: <title>Fish &amp; chips</title><nav>menu</nav><main><h1>Fish &amp; chips</h1>3 comments</main>
}

func ExampleJinjaEngine() {
	templates := fstest.MapFS{
		"base.html": {Data: []byte(`<main>{% block content %}{% endblock %}</main>`)},
		"page.html": {Data: []byte(`{% extends "base.html" %}{% block content %}{{ name|upper }} {{ bio }}{% endblock %}`)},
	}
	e, err := render.NewJinjaEngine(render.Config{FS: templates})
	if err != nil {
		panic(err)
	}
	e.Render(os.Stdout, "page.html", map[string]any{"name": "ann", "bio": "<script>"})
	// Output: <main>ANN &lt;script&gt;</main>
}

func ExampleRenderer() {
	app := pylon.New(pylon.Config{})
	app.Plug(&render.Renderer{Templates: render.Config{FS: fstest.MapFS{
		"users/show.html": {Data: []byte(`<a href="{{url "user" "id" .ID}}">{{.Name}}</a>`)},
	}}})
	app.GET("/users/{id}", func(c *pylon.Context) error {
		return render.HTML(c, 200, "users/show.html", render.M{"ID": c.Param("id"), "Name": "Ann"})
	}).Name("user")

	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest("GET", "/users/7", nil))
	fmt.Println(rec.Code, rec.Body)
	// Output: 200 <a href="/users/7">Ann</a>
}

func ExampleEventStream() {
	rec := httptest.NewRecorder()
	s := render.NewEventStream(rec)
	s.Send(render.Event{Event: "update", ID: "1", Data: "line one\nline two"})
	s.Comment("keepalive")
	fmt.Print(rec.Body)
	// Output:
	// event: update
	// id: 1
	// data: line one
	// data: line two
	//
	// : keepalive
}

func ExampleAssets() {
	assets := &render.Assets{FS: fstest.MapFS{"css/site.css": {Data: []byte("body{}")}}}
	u, _ := assets.URL("css/site.css")
	fmt.Println(u)
	fmt.Println(assets.Immutable("site.7c98040a54.css"))
	// Output:
	// /static/css/site.7c98040a54.css
	// true
}
