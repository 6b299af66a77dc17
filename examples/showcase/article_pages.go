package main

import (
	"net/http"

	"github.com/uptrace/bun"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/db"
	"github.com/pylonweb/pylon/render"
	"github.com/pylonweb/pylon/session"
)

// articlePages is the HTML resource controller for /articles. Writes
// commit with db.From(c).Tx before answering, so that the cached list is
// dropped only after the change is visible.
type articlePages struct {
	pages *pages
	cache *articleCache
}

func (ap *articlePages) load(c *pylon.Context) (*Article, error) {
	id, err := c.ParamInt("id")
	if err != nil {
		return nil, err
	}
	return findArticle(c.Context(), db.From(c), int64(id))
}

// Index lists the articles.
func (ap *articlePages) Index(c *pylon.Context) error {
	list, err := ap.cache.list(c)
	if err != nil {
		return err
	}
	return ap.pages.render(c, http.StatusOK, "articles/index.html", render.M{"Articles": list})
}

// Show shows one article with its comments and the comment form.
func (ap *articlePages) Show(c *pylon.Context) error {
	a, err := ap.load(c)
	if err != nil {
		return err
	}
	return ap.pages.render(c, http.StatusOK, "articles/show.html", render.M{"Article": a, "Comment": Comment{}})
}

// New shows the form for a new article.
func (ap *articlePages) New(c *pylon.Context) error {
	return ap.pages.render(c, http.StatusOK, "articles/form.html", render.M{"Article": Article{}})
}

// Create saves a new article from the form, or shows the form again with
// a message next to each invalid field.
func (ap *articlePages) Create(c *pylon.Context) error {
	var in articleInput
	if err := c.Bind(&in); err != nil {
		if errs := fieldErrors(err); errs != nil {
			return ap.pages.render(c, http.StatusUnprocessableEntity, "articles/form.html", render.M{"Article": Article{Title: in.Title, Body: in.Body}, "Errors": errs})
		}
		return err
	}
	a := Article{Title: in.Title, Body: in.Body}
	if err := db.From(c).Tx(c.Context(), func(tx bun.Tx) error { return insertArticle(c.Context(), tx, &a) }); err != nil {
		return err
	}
	if err := ap.cache.invalidate(c); err != nil {
		return err
	}
	session.Flash(c, "success", "Article created.")
	return redirectTo(c, "article", "id", a.ID)
}

// Edit shows the form for an existing article.
func (ap *articlePages) Edit(c *pylon.Context) error {
	a, err := ap.load(c)
	if err != nil {
		return err
	}
	return ap.pages.render(c, http.StatusOK, "articles/form.html", render.M{"Article": a})
}

// Update saves the edited article (a PUT, or a POST with _method=PUT).
func (ap *articlePages) Update(c *pylon.Context) error {
	a, err := ap.load(c)
	if err != nil {
		return err
	}
	var in articleInput
	err = c.Bind(&in)
	a.Title, a.Body = in.Title, in.Body
	if errs := fieldErrors(err); errs != nil {
		return ap.pages.render(c, http.StatusUnprocessableEntity, "articles/form.html", render.M{"Article": a, "Errors": errs})
	} else if err != nil {
		return err
	}
	if err := db.From(c).Tx(c.Context(), func(tx bun.Tx) error { return updateArticle(c.Context(), tx, a) }); err != nil {
		return err
	}
	if err := ap.cache.invalidate(c); err != nil {
		return err
	}
	session.Flash(c, "success", "Article saved.")
	return redirectTo(c, "article", "id", a.ID)
}

// Delete removes the article (a DELETE, or a POST with _method=DELETE).
func (ap *articlePages) Delete(c *pylon.Context) error {
	a, err := ap.load(c)
	if err != nil {
		return err
	}
	if err := db.From(c).Tx(c.Context(), func(tx bun.Tx) error { return deleteArticle(c.Context(), tx, a.ID) }); err != nil {
		return err
	}
	if err := ap.cache.invalidate(c); err != nil {
		return err
	}
	session.Flash(c, "success", "Article deleted.")
	return redirectTo(c, "articles")
}

// createComment adds a comment to an article.
func (ap *articlePages) createComment(c *pylon.Context) error {
	a, err := ap.load(c)
	if err != nil {
		return err
	}
	var in commentInput
	err = c.Bind(&in)
	cm := Comment{ArticleID: a.ID, Author: in.Author, Body: in.Body}
	if errs := fieldErrors(err); errs != nil {
		return ap.pages.render(c, http.StatusUnprocessableEntity, "articles/show.html", render.M{"Article": a, "Comment": cm, "Errors": errs})
	} else if err != nil {
		return err
	}
	if err := db.From(c).Tx(c.Context(), func(tx bun.Tx) error { return insertComment(c.Context(), tx, &cm) }); err != nil {
		return err
	}
	session.Flash(c, "success", "Comment added.")
	return redirectTo(c, "article", "id", a.ID)
}

// redirectTo answers 303 See Other to a named route, the answer to a form.
func redirectTo(c *pylon.Context, name string, pairs ...any) error {
	u, err := c.URL(name, pairs...)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, u)
}
