package main

import (
	"net/http"

	"github.com/pylonweb/pylon"
)

// The JSON API: /api/articles.

func apiListArticles(store *articleStore) pylon.Handler {
	return func(c *pylon.Context) error {
		return c.JSON(http.StatusOK, map[string]any{"articles": store.list()})
	}
}

func apiShowArticle(store *articleStore) pylon.Handler {
	return func(c *pylon.Context) error {
		id, err := c.ParamInt("id")
		if err != nil {
			return err
		}
		a, ok := store.get(id)
		if !ok {
			return pylon.NotFound("no such article")
		}
		return c.JSON(http.StatusOK, a)
	}
}

func apiCreateArticle(store *articleStore) pylon.Handler {
	return func(c *pylon.Context) error {
		var a article
		if err := c.ReadJSON(&a); err != nil {
			return err
		}
		if errs := a.validate(); errs != nil {
			return pylon.Unprocessable("the article is invalid", errs)
		}
		a = store.create(a)
		if u, err := c.URL("api_article", "id", a.ID); err == nil {
			c.Header().Set("Location", u)
		}
		return c.JSON(http.StatusCreated, a)
	}
}
