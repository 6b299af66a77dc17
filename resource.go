package pylon

import (
	"net/http"
	"strings"
)

// The actions a resource controller may have, as in Pylons' map.resource.
// A controller implements any subset; Resource registers a route for each.
type (
	// Indexer lists the collection: GET /articles, named "articles".
	Indexer interface{ Index(c *Context) error }
	// Creator creates a member: POST /articles.
	Creator interface{ Create(c *Context) error }
	// Newer shows the form for a new member: GET /articles/new, named "new_article".
	Newer interface{ New(c *Context) error }
	// Shower shows a member: GET /articles/{id}, named "article".
	Shower interface{ Show(c *Context) error }
	// Updater updates a member: PUT and PATCH /articles/{id}.
	Updater interface{ Update(c *Context) error }
	// Deleter deletes a member: DELETE /articles/{id}.
	Deleter interface{ Delete(c *Context) error }
	// Editor shows the form to edit a member: GET /articles/{id}/edit, named "edit_article".
	Editor interface{ Edit(c *Context) error }
)

// ResourceConfig adjusts the routes Resource registers.
type ResourceConfig struct {
	// Name is the collection's route name. If empty, the last segment of
	// the path ("articles").
	Name string
	// Singular is the member's route name. If empty, Name made singular
	// by the usual English rules ("articles" to "article", "categories"
	// to "category").
	Singular string
	// Param is the member parameter, with an optional requirement, such as
	// "id:[0-9]+". If empty, "id".
	Param string
}

// Resource registers the REST routes of a controller under path, like
// Routes' map.resource in Pylons, for whichever actions ctrl implements:
//
//	GET    /articles           Index   articles
//	POST   /articles           Create
//	GET    /articles/new       New     new_article
//	GET    /articles/{id}      Show    article
//	PUT    /articles/{id}      Update
//	PATCH  /articles/{id}      Update
//	DELETE /articles/{id}      Delete
//	GET    /articles/{id}/edit Edit    edit_article
//
// HTML forms reach Update and Delete by POSTing a _method field.
func (rs *routes) Resource(path string, ctrl any, mw ...Middleware) {
	rs.ResourceWith(path, ctrl, ResourceConfig{}, mw...)
}

// ResourceWith is Resource with a configuration.
func (rs *routes) ResourceWith(path string, ctrl any, cfg ResourceConfig, mw ...Middleware) {
	path = "/" + strings.Trim(path, "/")
	if cfg.Name == "" {
		cfg.Name = path[strings.LastIndexByte(path, '/')+1:]
	}
	if cfg.Singular == "" {
		cfg.Singular = Singular(cfg.Name)
	}
	if cfg.Param == "" {
		cfg.Param = "id"
	}
	member := path + "/{" + cfg.Param + "}"
	name := handlerName(ctrl)
	reg := func(method, pattern string, h Handler, action, routeName string) {
		rt := rs.add(method, pattern, h, name+"."+action, mw)
		if routeName != "" {
			rt.Name(routeName)
		}
	}
	// Fixed paths first, so /articles/new is never taken for a member.
	if c, ok := ctrl.(Indexer); ok {
		reg(http.MethodGet, path, c.Index, "Index", cfg.Name)
	}
	if c, ok := ctrl.(Creator); ok {
		routeName := ""
		if _, hasIndex := ctrl.(Indexer); !hasIndex {
			routeName = cfg.Name
		}
		reg(http.MethodPost, path, c.Create, "Create", routeName)
	}
	if c, ok := ctrl.(Newer); ok {
		reg(http.MethodGet, path+"/new", c.New, "New", "new_"+cfg.Singular)
	}
	if c, ok := ctrl.(Shower); ok {
		reg(http.MethodGet, member, c.Show, "Show", cfg.Singular)
	}
	memberNamed := func() string {
		if _, ok := ctrl.(Shower); ok {
			return ""
		}
		return cfg.Singular
	}
	if c, ok := ctrl.(Updater); ok {
		reg(http.MethodPut, member, c.Update, "Update", memberNamed())
		reg(http.MethodPatch, member, c.Update, "Update", "")
	}
	if c, ok := ctrl.(Deleter); ok {
		_, hasUpdate := ctrl.(Updater)
		routeName := memberNamed()
		if hasUpdate {
			routeName = ""
		}
		reg(http.MethodDelete, member, c.Delete, "Delete", routeName)
	}
	if c, ok := ctrl.(Editor); ok {
		reg(http.MethodGet, member+"/edit", c.Edit, "Edit", "edit_"+cfg.Singular)
	}
}

// Singular returns the singular of an English plural noun by the usual
// rules, for naming resource routes: "articles" gives "article",
// "categories" "category", "boxes" "box", "people" stays "people".
func Singular(plural string) string {
	switch {
	case strings.HasSuffix(plural, "ies") && len(plural) > 3:
		return plural[:len(plural)-3] + "y"
	case strings.HasSuffix(plural, "sses"), strings.HasSuffix(plural, "xes"),
		strings.HasSuffix(plural, "ches"), strings.HasSuffix(plural, "shes"):
		return plural[:len(plural)-2]
	case strings.HasSuffix(plural, "ss"), strings.HasSuffix(plural, "us"):
		return plural
	case strings.HasSuffix(plural, "s") && len(plural) > 1:
		return plural[:len(plural)-1]
	}
	return plural
}
