package main

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/pylonweb/pylon"
)

// The showcase's queries. Each takes a bun.IDB: the pooled database for
// reads, or the request's transaction for writes.

func listArticles(ctx context.Context, q bun.IDB) ([]Article, error) {
	var out []Article
	err := q.NewSelect().Model(&out).Order("id ASC").Scan(ctx)
	return out, err
}

// findArticle loads an article with its comments, or a 404.
func findArticle(ctx context.Context, q bun.IDB, id int64) (*Article, error) {
	a := new(Article)
	err := q.NewSelect().Model(a).Where("?TableAlias.id = ?", id).
		Relation("Comments", func(sq *bun.SelectQuery) *bun.SelectQuery { return sq.Order("id ASC") }).
		Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pylon.NotFound("no such article")
	}
	return a, err
}

func insertArticle(ctx context.Context, q bun.IDB, a *Article) error {
	a.CreatedAt = time.Now().UTC()
	_, err := q.NewInsert().Model(a).Returning("id").Exec(ctx)
	return err
}

func updateArticle(ctx context.Context, q bun.IDB, a *Article) error {
	_, err := q.NewUpdate().Model(a).Column("title", "body").WherePK().Exec(ctx)
	return err
}

func deleteArticle(ctx context.Context, q bun.IDB, id int64) error {
	_, err := q.NewDelete().Model((*Article)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}

func insertComment(ctx context.Context, q bun.IDB, cm *Comment) error {
	cm.CreatedAt = time.Now().UTC()
	_, err := q.NewInsert().Model(cm).Returning("id").Exec(ctx)
	return err
}

func findUserByEmail(ctx context.Context, q bun.IDB, email string) (*User, error) {
	u := new(User)
	err := q.NewSelect().Model(u).Where("email = ?", email).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return u, err
}

func findUser(ctx context.Context, q bun.IDB, id int64) (*User, error) {
	u := new(User)
	err := q.NewSelect().Model(u).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return u, err
}
