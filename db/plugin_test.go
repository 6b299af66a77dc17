package db_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/db"
)

func TestPlugin(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		cfg, err := pylon.ParseConfig("app.toml", []byte(fmt.Sprintf("[db]\nurl = %q\nmigrate_on_start = true\nmax_open_conns = 3\n", url)))
		if err != nil {
			t.Fatal(err)
		}
		app := pylon.New(cfg)
		app.Logger = discardLogger
		p := &db.Plugin{Migrations: fstest.MapFS{
			"00001_items.sql": sqlFile("CREATE TABLE items (name TEXT NOT NULL);", "DROP TABLE items;"),
		}}
		if err := app.Plug(p); err != nil {
			t.Fatal(err)
		}
		app.GET("/", func(c *pylon.Context) error {
			n, err := db.From(c).NewSelect().Table("items").Count(c.Context())
			if err != nil {
				return err
			}
			return c.JSON(http.StatusOK, n)
		})
		if p.DB() != nil {
			t.Error("DB() before start is not nil")
		}
		if err := app.Start(ctx); err != nil {
			t.Fatal(err)
		}
		d := p.DB()
		if d == nil || d.Stats().MaxOpenConnections != 3 {
			t.Fatalf("DB() after start = %v, want the database with the [db] settings", d)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		if w.Code != http.StatusOK || w.Body.String() != "0\n" {
			t.Errorf("GET / = %d %q; want 200 and 0 (the migration ran)", w.Code, w.Body)
		}
		if err := app.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if p.DB() != nil {
			t.Error("DB() after stop is not nil")
		}
		if err := d.Ping(); err == nil {
			t.Error("the database is still open after stop")
		}
	})
}

func TestPluginMigrationFailureStopsStart(t *testing.T) {
	cfg, err := pylon.ParseConfig("app.toml", []byte("[db]\nurl = \"sqlite::memory:\"\nmigrate_on_start = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	app := pylon.New(cfg)
	app.Logger = discardLogger
	p := &db.Plugin{Migrations: fstest.MapFS{"00001_bad.sql": sqlFile("CREATE TABLE (;", "")}}
	if err := app.Plug(p); err != nil {
		t.Fatal(err)
	}
	err = app.Start(context.Background())
	if err == nil || !strings.Contains(err.Error(), "00001_bad.sql") {
		t.Errorf("Start = %v, want the failed migration named", err)
	}
	if p.DB() != nil {
		t.Error("the database stayed open after a failed start")
	}
	app.Stop(context.Background())
}
