package main

import (
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/pylonweb/pylon"
)

// Article is the showcase's main model; it has comments.
type Article struct {
	bun.BaseModel `bun:"table:articles"`

	ID        int64      `bun:"id,pk,autoincrement" json:"id"`
	Title     string     `bun:"title,notnull" json:"title"`
	Body      string     `bun:"body,notnull" json:"body"`
	CreatedAt time.Time  `bun:"created_at,notnull" json:"created_at"`
	Comments  []*Comment `bun:"rel:has-many,join:id=article_id" json:"comments,omitempty"`
}

// Comment belongs to an article.
type Comment struct {
	bun.BaseModel `bun:"table:comments"`

	ID        int64     `bun:"id,pk,autoincrement" json:"id"`
	ArticleID int64     `bun:"article_id,notnull" json:"article_id"`
	Author    string    `bun:"author,notnull" json:"author"`
	Body      string    `bun:"body,notnull" json:"body"`
	CreatedAt time.Time `bun:"created_at,notnull" json:"created_at"`
}

// User can log in.
type User struct {
	bun.BaseModel `bun:"table:users"`

	ID           int64  `bun:"id,pk,autoincrement" json:"id"`
	Email        string `bun:"email,notnull,unique" json:"email"`
	Name         string `bun:"name,notnull" json:"name"`
	PasswordHash string `bun:"password_hash,notnull" json:"-"`
}

// articleInput is what the article forms and the JSON API accept;
// c.Bind fills it from either and checks the validate rules.
type articleInput struct {
	Title string `form:"title" json:"title" validate:"required,max=200"`
	Body  string `form:"body" json:"body" validate:"required"`
}

// commentInput is what the comment form accepts.
type commentInput struct {
	Author string `form:"author" validate:"required,max=100"`
	Body   string `form:"body" validate:"required,max=2000"`
}

// fieldErrors returns the per-field messages of a validation error, for a
// form to show next to its fields, or nil for any other error.
func fieldErrors(err error) map[string]string {
	var ve *pylon.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields()
	}
	return nil
}
