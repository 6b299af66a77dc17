// Package render turns data into responses: HTML from templates, JSON,
// XML, plain text, Server-Sent Events, and the HTML-or-JSON choice by the
// Accept header; plus error pages from templates.
//
// The shortest use:
//
//	app := pylon.New(cfg)
//	app.Plug(&render.Renderer{Templates: render.Config{Dir: "templates"}})
//	app.GET("/articles/{id}", func(c *pylon.Context) error {
//		return render.HTML(c, 200, "articles/show.html", render.M{"Title": "Hi"})
//	}).Name("article")
//
// # Engines
//
// An [Engine] renders named templates. [HTMLEngine] uses html/template
// with layouts ("layouts/"), partials ("partials/") and helpers;
// [JinjaEngine] reads Jinja2 syntax with gonja, autoescaping on, for
// templates brought from Pylons or Flask. Both read a directory or any
// fs.FS (an embed.FS in production), parse everything when they are made
// so that a broken template stops the start, and re-parse on change when
// Config.Reload is set, as the [Renderer] does in debug mode. Errors name
// the file and the line.
//
// # Helpers
//
// [Funcs] lists the helpers both engines get: url (named routes), asset
// (static files with a content hash; see [Assets]), csrfField, flashes,
// date, number, pluralize, truncate.
//
// # Responses
//
// [HTML] renders into a pooled buffer and only then writes, so a template
// error becomes a clean 500 through the App's error handler. [JSON],
// [XML], [Text], [Negotiate], [StreamHTML] and [SSE] cover the other
// formats.
// [ErrorPages] renders errors/404.html and friends for browsers.
package render
