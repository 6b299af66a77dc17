package db_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing/fstest"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/db"
	"github.com/uptrace/bun"
)

type User struct {
	bun.BaseModel `bun:"table:users"`
	ID            int64  `bun:"id,pk,autoincrement"`
	Name          string `bun:"name,notnull"`
}

func Example() {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite::memory:") // or "postgres://user@host/app"
	if err != nil {
		panic(err)
	}
	defer d.Close()

	// Raw SQL and the ORM share the pool.
	if _, err := d.SQL().ExecContext(ctx, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"); err != nil {
		panic(err)
	}
	if _, err := d.NewInsert().Model(&User{Name: "Ada"}).Exec(ctx); err != nil {
		panic(err)
	}
	var u User
	if err := d.NewSelect().Model(&u).Where("name = ?", "Ada").Scan(ctx); err != nil {
		panic(err)
	}
	fmt.Println(u.ID, u.Name)
	// Output: 1 Ada
}

func ExampleTx() {
	ctx := context.Background()
	d, _ := db.Open(ctx, "sqlite::memory:")
	defer d.Close()
	d.SQL().Exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")

	app := pylon.New(pylon.Config{})
	app.UseContext(db.TxMiddleware(d)) // db.Plugin does this for you
	app.POST("/users", func(c *pylon.Context) error {
		return db.Tx(c, func(tx bun.Tx) error {
			u := &User{Name: c.FormValue("name")}
			if _, err := tx.NewInsert().Model(u).Exec(c.Context()); err != nil {
				return err
			}
			return c.String(http.StatusCreated, fmt.Sprintf("user %d\n", u.ID))
		}) // commits when the handler returns nil
	})

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("POST", "/users?name=Grace", nil))
	fmt.Print(w.Code, " ", w.Body)
	n, _ := d.NewSelect().Model((*User)(nil)).Count(ctx)
	fmt.Println("users:", n, "connections in use:", d.Stats().InUse)
	// Output:
	// 201 user 1
	// users: 1 connections in use: 0
}

func ExampleMigrate() {
	ctx := context.Background()
	d, _ := db.Open(ctx, "sqlite::memory:")
	defer d.Close()

	// In an app: //go:embed migrations/*.sql, then fs.Sub(files, "migrations").
	migrations := fstest.MapFS{
		"00001_users.sql": {Data: []byte(`-- +goose Up
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
-- +goose Down
DROP TABLE users;
`)},
	}
	done, err := db.Migrate(ctx, d, migrations, "up")
	if err != nil {
		panic(err)
	}
	for _, m := range done {
		fmt.Println("applied", m.Source)
	}
	// Output: applied 00001_users.sql
}
