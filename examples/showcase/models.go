package main

import (
	"strings"
	"time"

	"github.com/uptrace/bun"
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

// validate returns a message per invalid field of an article.
func (a *Article) validate() map[string]string {
	errs := map[string]string{}
	a.Title = strings.TrimSpace(a.Title)
	switch {
	case a.Title == "":
		errs["title"] = "is required"
	case len(a.Title) > 200:
		errs["title"] = "must be at most 200 characters"
	}
	if strings.TrimSpace(a.Body) == "" {
		errs["body"] = "is required"
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// validate returns a message per invalid field of a comment.
func (cm *Comment) validate() map[string]string {
	errs := map[string]string{}
	cm.Author = strings.TrimSpace(cm.Author)
	if cm.Author == "" {
		errs["author"] = "is required"
	}
	if strings.TrimSpace(cm.Body) == "" {
		errs["body"] = "is required"
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}
