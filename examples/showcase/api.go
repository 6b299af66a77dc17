package main

import (
	"net/http"

	"github.com/uptrace/bun"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/db"
)

// The JSON API: /api/articles.

func (ac *articleCache) apiList(c *pylon.Context) error {
	list, err := ac.list(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"articles": list})
}

func apiShowArticle(c *pylon.Context) error {
	id, err := c.ParamInt("id")
	if err != nil {
		return err
	}
	a, err := findArticle(c.Context(), db.From(c), int64(id))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (ac *articleCache) apiCreate(c *pylon.Context) error {
	var in articleInput
	if err := c.Bind(&in); err != nil {
		return err
	}
	a := Article{Title: in.Title, Body: in.Body}
	if err := db.From(c).Tx(c.Context(), func(tx bun.Tx) error { return insertArticle(c.Context(), tx, &a) }); err != nil {
		return err
	}
	if err := ac.invalidate(c); err != nil {
		return err
	}
	if u, err := c.URL("api_article", "id", a.ID); err == nil {
		c.Header().Set("Location", u)
	}
	return c.JSON(http.StatusCreated, a)
}
