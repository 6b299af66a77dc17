package main

import (
	"net/http"

	"github.com/pylonweb/pylon"
)

// articlePages is the HTML resource controller for /articles.
type articlePages struct {
	store *articleStore
	pages *pages
}

func (ap *articlePages) load(c *pylon.Context) (article, error) {
	id, err := c.ParamInt("id")
	if err != nil {
		return article{}, err
	}
	a, ok := ap.store.get(id)
	if !ok {
		return article{}, pylon.NotFound("no such article")
	}
	return a, nil
}

// Index lists the articles.
func (ap *articlePages) Index(c *pylon.Context) error {
	return ap.pages.render(c, http.StatusOK, "articles_index", map[string]any{"Articles": ap.store.list()})
}

// Show shows one article.
func (ap *articlePages) Show(c *pylon.Context) error {
	a, err := ap.load(c)
	if err != nil {
		return err
	}
	return ap.pages.render(c, http.StatusOK, "article_show", map[string]any{"Article": a})
}

// New shows the form for a new article.
func (ap *articlePages) New(c *pylon.Context) error {
	return ap.pages.render(c, http.StatusOK, "article_form", map[string]any{"Article": article{}})
}

// Create saves a new article from the form, or shows the form again with
// a message next to each invalid field.
func (ap *articlePages) Create(c *pylon.Context) error {
	if _, err := c.Form(); err != nil {
		return err
	}
	a := article{Title: c.FormValue("title"), Body: c.FormValue("body")}
	if errs := a.validate(); errs != nil {
		return ap.pages.render(c, http.StatusUnprocessableEntity, "article_form", map[string]any{"Article": a, "Errors": errs})
	}
	a = ap.store.create(a)
	u, err := c.URL("article", "id", a.ID)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, u)
}

// Edit shows the form for an existing article.
func (ap *articlePages) Edit(c *pylon.Context) error {
	a, err := ap.load(c)
	if err != nil {
		return err
	}
	return ap.pages.render(c, http.StatusOK, "article_form", map[string]any{"Article": a})
}

// Update saves the edited article (a PUT, or a POST with _method=PUT).
func (ap *articlePages) Update(c *pylon.Context) error {
	a, err := ap.load(c)
	if err != nil {
		return err
	}
	if _, err := c.Form(); err != nil {
		return err
	}
	a.Title, a.Body = c.FormValue("title"), c.FormValue("body")
	if errs := a.validate(); errs != nil {
		return ap.pages.render(c, http.StatusUnprocessableEntity, "article_form", map[string]any{"Article": a, "Errors": errs})
	}
	ap.store.update(a)
	u, err := c.URL("article", "id", a.ID)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, u)
}

// Delete removes the article (a DELETE, or a POST with _method=DELETE).
func (ap *articlePages) Delete(c *pylon.Context) error {
	a, err := ap.load(c)
	if err != nil {
		return err
	}
	ap.store.delete(a.ID)
	u, err := c.URL("articles")
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, u)
}
