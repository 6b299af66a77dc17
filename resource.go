package pylon

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/jinzhu/inflection"
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
	// the path ("articles"). On a Group, the name gets the Group's prefix
	// (see Resource), whether set or not.
	Name string
	// Singular is the member's route name. If empty, [Singular] of Name
	// ("articles" to "article", "people" to "person", "news" to "news").
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
// The route names follow Rails. The collection's is the last segment of the
// path and the member's its [Singular]. A noun whose singular is itself,
// such as "news", names the collection "news_index" and the member "news".
// Without Index, Create's route takes the collection's name; without Show,
// Update's, else Delete's, takes the member's.
//
// On a [Group], each name also gets the prefix's static segments, each
// followed by "_", after "new_" and "edit_" as in a Rails namespace:
// Group("/admin") gives "admin_articles", "new_admin_article",
// "admin_article" and "edit_admin_article", Group("/api/v1") "api_v1_articles".
// A segment followed by a parameter names one member and is made singular, so
// Group("/users/{user_id}") gives "user_articles" and "user_article".
//
// If a name is taken, by another route or by two of these, Resource panics
// before it registers any route; ResourceWith sets other names.
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
	prefix := namePrefix(rs.prefix)
	collection := prefix + cfg.Name
	if cfg.Singular == cfg.Name {
		collection += "_index"
	}
	memberName := prefix + cfg.Singular
	member := path + "/{" + cfg.Param + "}"

	type resourceRoute struct {
		method, pattern string
		h               Handler
		action, name    string
	}
	var actions []resourceRoute
	add := func(method, pattern string, h Handler, action, name string) {
		actions = append(actions, resourceRoute{method, pattern, h, action, name})
	}
	_, hasIndex := ctrl.(Indexer)
	_, hasShow := ctrl.(Shower)
	_, hasUpdate := ctrl.(Updater)
	// Fixed paths first, so /articles/new is never taken for a member.
	if c, ok := ctrl.(Indexer); ok {
		add(http.MethodGet, path, c.Index, "Index", collection)
	}
	if c, ok := ctrl.(Creator); ok {
		add(http.MethodPost, path, c.Create, "Create", unless(hasIndex, collection))
	}
	if c, ok := ctrl.(Newer); ok {
		add(http.MethodGet, path+"/new", c.New, "New", "new_"+memberName)
	}
	if c, ok := ctrl.(Shower); ok {
		add(http.MethodGet, member, c.Show, "Show", memberName)
	}
	if c, ok := ctrl.(Updater); ok {
		add(http.MethodPut, member, c.Update, "Update", unless(hasShow, memberName))
		add(http.MethodPatch, member, c.Update, "Update", "")
	}
	if c, ok := ctrl.(Deleter); ok {
		add(http.MethodDelete, member, c.Delete, "Delete", unless(hasShow || hasUpdate, memberName))
	}
	if c, ok := ctrl.(Editor); ok {
		add(http.MethodGet, member+"/edit", c.Edit, "Edit", "edit_"+memberName)
	}

	// Check every name before registering any route.
	for i, a := range actions {
		if a.name == "" {
			continue
		}
		for _, b := range actions[:i] {
			if b.name == a.name {
				panic(fmt.Sprintf("pylon: Resource %s: %s %s and %s %s would both be named %q; set a different ResourceConfig.Name or Singular with ResourceWith",
					rs.join(path), b.method, rs.join(b.pattern), a.method, rs.join(a.pattern), a.name))
			}
		}
		if other := rs.app.router.Route(a.name); other != nil {
			panic(fmt.Sprintf("pylon: Resource %s: %s %s would be named %q, which %s already has; set other names with ResourceWith (ResourceConfig.Name and Singular)",
				rs.join(path), a.method, rs.join(a.pattern), a.name, other.Pattern()))
		}
	}
	// And every path, so that a conflict leaves no routes half added.
	for _, a := range actions {
		if err := rs.app.router.Check(a.method, rs.join(a.pattern)); err != nil {
			panic(fmt.Sprintf("pylon: Resource %s: %v", rs.join(path), err))
		}
	}
	ctrlName := handlerName(ctrl)
	for _, a := range actions {
		rt := rs.add(a.method, a.pattern, a.h, ctrlName+"."+a.action, mw)
		if a.name != "" {
			rt.Name(a.name)
		}
	}
}

// unless returns "" if cond holds, else name.
func unless(cond bool, name string) string {
	if cond {
		return ""
	}
	return name
}

// namePrefix returns the prefix of the route names of a resource on a Group
// with the given path prefix: each static segment followed by "_", made
// singular if a parameter follows it ("/users/{id}/admin" gives
// "user_admin_").
func namePrefix(pathPrefix string) string {
	var b strings.Builder
	segs := strings.Split(pathPrefix, "/")
	for i, seg := range segs {
		if seg == "" || seg[0] == '{' {
			continue
		}
		if i+1 < len(segs) && strings.HasPrefix(segs[i+1], "{") {
			seg = Singular(seg)
		}
		b.WriteString(seg)
		b.WriteByte('_')
	}
	return b.String()
}

// Singular returns the singular of an English plural noun, for naming
// resource routes, by the rules of Rails' inflector (as
// github.com/jinzhu/inflection has them): "articles" gives "article",
// "categories" "category", "people" "person". An uncountable noun, such as
// "news", "status", "series", "equipment" or "information", is its own
// singular.
func Singular(plural string) string {
	if s := inflection.Singular(plural); s != "" {
		return s
	}
	return plural
}
