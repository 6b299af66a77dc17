package db_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/db"
	"github.com/uptrace/bun"
)

// world is the table of the framework benchmarks' database tests.
type world struct {
	bun.BaseModel `bun:"table:world"`
	ID            int `bun:"id,pk" json:"id"`
	RandomNumber  int `bun:"randomnumber" json:"randomNumber"`
}

const worldRows = 10000

// seedWorld creates the world table with 10,000 rows.
func seedWorld(b *testing.B, d *db.DB) {
	ctx := context.Background()
	exec(b, d, "CREATE TABLE world (id INTEGER PRIMARY KEY, randomnumber INTEGER NOT NULL)")
	err := d.Tx(ctx, func(tx bun.Tx) error {
		rows := make([]world, worldRows)
		for i := range rows {
			rows[i] = world{ID: i + 1, RandomNumber: rand.IntN(10000) + 1}
		}
		for i := 0; i < len(rows); i += 1000 { // in chunks, under SQLite's variable limit
			if _, err := tx.NewInsert().Model(new(rows[i : i+1000])).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSingleQuery serves the framework benchmarks' "single query"
// test through a Pylon App: each request reads one random row of world
// and answers it as JSON, with raw SQL and with the ORM.
func BenchmarkSingleQuery(b *testing.B) {
	backends := []struct {
		name string
		url  func(testing.TB) string
	}{
		{"sqlite", sqliteURL},
		{"postgres", postgresURL},
	}
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			d := open(b, be.url(b), db.Config{})
			seedWorld(b, d)
			query := "SELECT id, randomnumber FROM world WHERE id = $1"
			app := pylon.New(pylon.Config{})
			app.GET("/raw", func(c *pylon.Context) error {
				var w world
				err := d.SQL().QueryRowContext(c.Context(), query, rand.IntN(worldRows)+1).Scan(&w.ID, &w.RandomNumber)
				if err != nil {
					return err
				}
				return c.JSON(http.StatusOK, &w)
			})
			app.GET("/orm", func(c *pylon.Context) error {
				var w world
				if err := d.NewSelect().Model(&w).Where("id = ?", rand.IntN(worldRows)+1).Scan(c.Context()); err != nil {
					return err
				}
				return c.JSON(http.StatusOK, &w)
			})
			for _, path := range []string{"/raw", "/orm"} {
				b.Run(path[1:], func(b *testing.B) {
					req := httptest.NewRequest("GET", path, nil)
					b.ReportAllocs()
					for b.Loop() {
						w := httptest.NewRecorder()
						app.ServeHTTP(w, req)
						if w.Code != http.StatusOK {
							b.Fatal(fmt.Sprint(w.Code, w.Body))
						}
					}
				})
			}
		})
	}
}
