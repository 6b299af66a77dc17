package main

import (
	"context"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/cache"
	"github.com/pylonweb/pylon/db"
)

// articleCache keeps the article list in a cache region (memory, or Redis
// when configured), loaded once however many requests miss at the same
// time, and dropped by tag whenever an article changes.
type articleCache struct {
	region *cache.Region
}

const articlesTag = "articles"

func (ac *articleCache) list(c *pylon.Context) ([]Article, error) {
	typed := cache.Typed[[]Article]{Region: ac.region}
	return typed.GetOrLoad(c.Context(), "articles:list", func(ctx context.Context) ([]Article, error) {
		return listArticles(ctx, db.From(c))
	}, articlesTag)
}

func (ac *articleCache) invalidate(c *pylon.Context) error {
	return ac.region.InvalidateTags(c.Context(), articlesTag)
}
