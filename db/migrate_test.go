package db_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pylonweb/pylon/db"
)

func sqlFile(up, down string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("-- +goose Up\n" + up + "\n-- +goose Down\n" + down + "\n")}
}

// goSeed is a Go migration: it fills the items table that 00001 makes.
var goSeed = goose.NewGoMigration(3,
	&goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO items (name) VALUES ('seeded')")
		return err
	}},
	&goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM items WHERE name = 'seeded'")
		return err
	}},
)

func TestMigrate(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d := open(t, url, db.Config{})
		fsys := fstest.MapFS{
			"00001_items.sql": sqlFile("CREATE TABLE items (name TEXT NOT NULL);", "DROP TABLE items;"),
			"00002_tags.sql":  sqlFile("CREATE TABLE tags (name TEXT NOT NULL);", "DROP TABLE tags;"),
		}
		done, err := db.Migrate(ctx, d, fsys, "up", goSeed)
		if err != nil {
			t.Fatal(err)
		}
		if got := sources(done); got != "00001_items.sql 00002_tags.sql go:3" {
			t.Errorf("up applied %q", got)
		}
		if n := count(t, d, "items"); n != 1 {
			t.Errorf("items has %d rows after the Go migration, want 1", n)
		}

		done, err = db.Migrate(ctx, d, fsys, "down", goSeed)
		if err != nil || sources(done) != "go:3" {
			t.Fatalf("down = %q, %v; want go:3", sources(done), err)
		}
		st, err := db.Migrate(ctx, d, fsys, "status", goSeed)
		if err != nil {
			t.Fatal(err)
		}
		var states []string
		for _, m := range st {
			states = append(states, m.Source+"="+map[bool]string{true: "applied", false: "pending"}[m.Applied])
		}
		if got := strings.Join(states, " "); got != "00001_items.sql=applied 00002_tags.sql=applied go:3=pending" {
			t.Errorf("status = %s", got)
		}
		if _, err := db.Migrate(ctx, d, fsys, "sideways"); err == nil {
			t.Error("an unknown command succeeded")
		}
		checkReleased(t, d)
	})
}

func TestMigrateFailure(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d := open(t, url, db.Config{})
		fsys := fstest.MapFS{
			"00001_items.sql":  sqlFile("CREATE TABLE items (name TEXT NOT NULL);", "DROP TABLE items;"),
			"00002_broken.sql": sqlFile("CREATE TABLE oops (;", "SELECT 1;"),
		}
		done, err := db.Migrate(ctx, d, fsys, "up")
		if err == nil {
			t.Fatal("a broken migration succeeded")
		}
		if msg := err.Error(); !strings.Contains(msg, "00002_broken.sql failed") || !strings.Contains(msg, "1 applied before it") {
			t.Errorf("error = %q, want it to name the failed file", msg)
		}
		if sources(done) != "00001_items.sql" {
			t.Errorf("applied before the failure: %q", sources(done))
		}
		checkReleased(t, d)
	})
}

func TestMigrateOutOfOrder(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d := open(t, url, db.Config{})
		fsys := fstest.MapFS{
			"00001_items.sql": sqlFile("CREATE TABLE items (name TEXT NOT NULL);", "DROP TABLE items;"),
			"00003_tags.sql":  sqlFile("CREATE TABLE tags (name TEXT NOT NULL);", "DROP TABLE tags;"),
		}
		if _, err := db.Migrate(ctx, d, fsys, "up"); err != nil {
			t.Fatal(err)
		}
		// Another branch's migration arrives with an older version.
		fsys["00002_late.sql"] = sqlFile("CREATE TABLE late (x INTEGER);", "DROP TABLE late;")
		_, err := db.Migrate(ctx, d, fsys, "up")
		if !errors.Is(err, db.ErrOutOfOrder) || !strings.Contains(err.Error(), "version 2") {
			t.Errorf("error = %v, want ErrOutOfOrder naming version 2", err)
		}
	})
}

func TestMigrateNoMigrations(t *testing.T) {
	d := open(t, "sqlite::memory:", db.Config{})
	_, err := db.Migrate(context.Background(), d, fstest.MapFS{"migrations/00001_x.sql": sqlFile("", "")}, "up")
	if err == nil || !strings.Contains(err.Error(), "fs.Sub") {
		t.Errorf("error = %v, want a hint about fs.Sub", err)
	}
}

func TestCreateMigration(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "migrations")
	now := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	file, err := db.CreateMigration(dir, "Add users", now)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(file) != "20260102150405_add_users.sql" {
		t.Errorf("file = %s", file)
	}
	data, _ := os.ReadFile(file)
	if !strings.Contains(string(data), "-- +goose Up") || !strings.Contains(string(data), "-- +goose Down") {
		t.Errorf("file lacks goose's markers:\n%s", data)
	}
	if _, err := db.CreateMigration(dir, "add users", now); err == nil {
		t.Error("CreateMigration overwrote an existing file")
	}
	if _, err := db.CreateMigration(dir, "drop; tables", now); err == nil {
		t.Error("CreateMigration accepted a name with a semicolon")
	}
	// The file it writes is a valid, empty-effect migration.
	d := open(t, "sqlite::memory:", db.Config{})
	if _, err := db.Migrate(context.Background(), d, os.DirFS(dir), "up"); err != nil {
		t.Errorf("applying the new migration: %v", err)
	}
}

func sources(ms []db.Migration) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Source)
	}
	return strings.Join(s, " ")
}
