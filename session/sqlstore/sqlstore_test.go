package sqlstore_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pylonweb/pylon/session/sqlstore"
)

func TestSchema(t *testing.T) {
	for _, tt := range []struct{ dialect, table, want string }{
		{"sqlite", "", "CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry BIGINT NOT NULL)"},
		{"postgres", "auth.sessions", "CREATE TABLE IF NOT EXISTS auth.sessions (token TEXT PRIMARY KEY, data BYTEA NOT NULL, expiry BIGINT NOT NULL)"},
	} {
		stmts, err := sqlstore.Schema(tt.dialect, tt.table)
		if err != nil || len(stmts) != 2 || stmts[0] != tt.want || !strings.Contains(stmts[1], "_expiry_idx ON") {
			t.Errorf("Schema(%q, %q) = %q, %v", tt.dialect, tt.table, stmts, err)
		}
	}
	for _, bad := range [][2]string{{"mysql", "sessions"}, {"sqlite", "sessions; DROP TABLE users"}, {"sqlite", `"quoted"`}} {
		if _, err := sqlstore.Schema(bad[0], bad[1]); err == nil {
			t.Errorf("Schema(%q, %q) accepted", bad[0], bad[1])
		}
	}
}

func TestNewDetectsDialect(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := sqlstore.New(db, sqlstore.Options{CleanupInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Dialect() != sqlstore.SQLite {
		t.Errorf("dialect %q", s.Dialect())
	}
	if _, err := sqlstore.New(db, sqlstore.Options{Table: "a-b"}); err == nil {
		t.Error("New accepted the table name a-b")
	}
	// The caller's database stays open after Close.
	s.Close()
	if err := db.Ping(); err != nil {
		t.Errorf("Close closed the caller's database: %v", err)
	}
}

func TestOpenURLs(t *testing.T) {
	ctx := context.Background()
	for _, url := range []string{"sqlite:", "sqlite:?x=1", "mysql://localhost/db", "app.db"} {
		if s, err := sqlstore.Open(ctx, url, sqlstore.Options{}); err == nil {
			s.Close()
			t.Errorf("Open(%q) accepted", url)
		}
	}
	// A relative file, an absolute one and memory.
	dir := t.TempDir()
	for _, url := range []string{"sqlite:" + filepath.Join(dir, "a.db"), "sqlite://" + filepath.Join(dir, "b.db"), "sqlite::memory:"} {
		s, err := sqlstore.Open(ctx, url, sqlstore.Options{})
		if err != nil {
			t.Errorf("Open(%q): %v", url, err)
			continue
		}
		if err := s.Commit("t", []byte("x"), time.Now().Add(time.Hour)); err != nil {
			t.Errorf("%s: %v", url, err)
		}
		s.Close()
	}
}

// A database that is down is named in the error, without its password.
func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := sqlstore.Open(ctx, "postgres://pylon:s3cret@127.0.0.1:1/app?sslmode=disable", sqlstore.Options{})
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("err = %v", err)
	}
}

// The cleanup goroutine deletes expired rows; under synctest its ticker
// and the store's clock are fake, so nothing waits.
func TestCleanup(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, err := sqlstore.Open(context.Background(), "sqlite::memory:", sqlstore.Options{CleanupInterval: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		s.Commit("soon", []byte("x"), time.Now().Add(30*time.Second))
		s.Commit("later", []byte("x"), time.Now().Add(time.Hour))
		if n := rows(t, s); n != 2 {
			t.Fatalf("%d rows", n)
		}
		time.Sleep(time.Minute + time.Second)
		synctest.Wait()
		if n := rows(t, s); n != 1 {
			t.Errorf("%d rows after the cleanup, want 1", n)
		}
		if _, found, _ := s.Find("later"); !found {
			t.Error("the cleanup deleted a live session")
		}
	})
}

func TestDeleteExpired(t *testing.T) {
	s, err := sqlstore.Open(context.Background(), "sqlite::memory:", sqlstore.Options{CleanupInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Commit("old", []byte("x"), time.Now().Add(-time.Minute))
	s.Commit("new", []byte("x"), time.Now().Add(time.Minute))
	if n, err := s.DeleteExpired(context.Background()); n != 1 || err != nil {
		t.Errorf("DeleteExpired = %d, %v; want 1", n, err)
	}
}

// On PostgreSQL, a schema-qualified table.
func TestPostgresSchemaTable(t *testing.T) {
	url := os.Getenv("PYLON_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("PYLON_TEST_POSTGRES_URL is not set; set it to a PostgreSQL URL to test the SQL store on PostgreSQL")
	}
	ctx := context.Background()
	table := "public.sessions_schema_test_" + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "_"))
	s, err := sqlstore.Open(ctx, url, sqlstore.Options{Table: table})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	defer s.DB().Exec("DROP TABLE IF EXISTS " + table)
	if err := s.CreateTable(ctx); err != nil { // twice is fine
		t.Fatal(err)
	}
	if err := s.Commit("tok", []byte{0, 1, 2}, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if b, found, err := s.Find("tok"); !found || err != nil || string(b) != "\x00\x01\x02" {
		t.Errorf("Find = %q, %v, %v", b, found, err)
	}
}

func rows(t *testing.T, s *sqlstore.Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM sessions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
