package db_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/db"
	"github.com/uptrace/bun"
)

// itemsApp is an App whose routes write to the items table in the
// request transaction and end in the ways a request can end.
func itemsApp(d *db.DB) *pylon.App {
	app := pylon.New(pylon.Config{})
	app.Logger = discardLogger
	app.UseContext(db.TxMiddleware(d))
	insert := func(c *pylon.Context, name string) error {
		return db.Tx(c, func(tx bun.Tx) error {
			_, err := tx.NewInsert().Model(&item{Name: name}).Exec(c.Context())
			return err
		})
	}
	app.POST("/ok", func(c *pylon.Context) error {
		if err := insert(c, "ok"); err != nil {
			return err
		}
		return c.String(http.StatusCreated, "created")
	})
	app.POST("/fail", func(c *pylon.Context) error {
		if err := insert(c, "fail"); err != nil {
			return err
		}
		return pylon.BadRequest("no")
	})
	app.POST("/panic", func(c *pylon.Context) error {
		insert(c, "panic")
		panic("handler panic")
	})
	app.POST("/partial", func(c *pylon.Context) error {
		if err := insert(c, "first"); err != nil {
			return err
		}
		// A failed second step is undone alone; the first commits.
		err := db.Tx(c, func(tx bun.Tx) error {
			insert(c, "second")
			return errors.New("second step failed")
		})
		if err == nil {
			return errors.New("want the second step's error")
		}
		return c.String(http.StatusOK, "partial")
	})
	app.GET("/read", func(c *pylon.Context) error {
		n, err := db.From(c).NewSelect().Table("items").Count(c.Context())
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, n)
	})
	return app
}

func TestTxMiddleware(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		d := open(t, url, db.Config{MaxOpenConns: 2})
		exec(t, d, "CREATE TABLE items (name TEXT NOT NULL)")
		app := itemsApp(d)
		tests := []struct {
			method, path string
			code         int
			want         []string // names in the table afterwards
		}{
			{"POST", "/ok", http.StatusCreated, []string{"ok"}},
			{"POST", "/fail", http.StatusBadRequest, []string{"ok"}},
			{"POST", "/panic", http.StatusInternalServerError, []string{"ok"}},
			{"POST", "/partial", http.StatusOK, []string{"first", "ok"}},
			{"GET", "/read", http.StatusOK, []string{"first", "ok"}},
		}
		for _, tt := range tests {
			w := httptest.NewRecorder()
			app.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
			if w.Code != tt.code {
				t.Errorf("%s %s: status %d, want %d: %s", tt.method, tt.path, w.Code, tt.code, w.Body)
			}
			var names []string
			if err := d.NewSelect().Table("items").Column("name").Order("name").Scan(context.Background(), &names); err != nil {
				t.Fatal(err)
			}
			if !equal(names, tt.want) {
				t.Errorf("after %s %s: rows %q, want %q", tt.method, tt.path, names, tt.want)
			}
			checkReleased(t, d)
		}
	})
}

func TestTxWithoutDatabase(t *testing.T) {
	app := pylon.New(pylon.Config{})
	app.Logger = discardLogger
	var got error
	app.GET("/", func(c *pylon.Context) error {
		got = db.Tx(c, func(bun.Tx) error { return nil })
		if db.From(c) != nil {
			t.Error("From returned a database without middleware")
		}
		return got
	})
	app.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if !errors.Is(got, db.ErrNoDatabase) {
		t.Errorf("Tx without middleware = %v, want ErrNoDatabase", got)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
