package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/db"
)

func TestOpen(t *testing.T) {
	run(t, func(t *testing.T, url string) {
		d := open(t, url, db.Config{MaxOpenConns: 3})
		if s := d.Stats(); s.MaxOpenConnections != 3 {
			t.Errorf("MaxOpenConnections = %d, want 3", s.MaxOpenConnections)
		}
		if strings.Contains(url, "postgres") != (d.Kind() == "postgres") {
			t.Errorf("Kind() = %q for %s", d.Kind(), url)
		}
		var n int
		if err := d.NewSelect().ColumnExpr("1 + 1").Scan(context.Background(), &n); err != nil || n != 2 {
			t.Errorf("SELECT 1 + 1 = %d, %v", n, err)
		}
		if err := d.SQL().QueryRow("SELECT 40 + 2").Scan(&n); err != nil || n != 42 {
			t.Errorf("raw SELECT 40 + 2 = %d, %v", n, err)
		}
	})
}

func TestOpenSQLitePragmas(t *testing.T) {
	d := open(t, sqliteURL(t), db.Config{})
	// Every connection must have them: hold one while asking another.
	conn, err := d.SQL().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1"} {
		var got string
		if err := d.SQL().QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
}

func TestOpenMemory(t *testing.T) {
	d := open(t, "sqlite::memory:", db.Config{MaxOpenConns: 8})
	if s := d.Stats(); s.MaxOpenConnections != 1 {
		t.Errorf("memory database: MaxOpenConnections = %d, want 1", s.MaxOpenConnections)
	}
	exec(t, d, "CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (1)")
	if n := count(t, d, "t"); n != 1 {
		t.Errorf("count = %d, want 1: the table must survive between queries", n)
	}
}

func TestOpenErrorNamesDatabase(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		url  string
		want string
	}{
		// Port 1 refuses connections: the ping fails without a server.
		{"postgres://app:s3cret@127.0.0.1:1/shop?sslmode=disable", "postgres://app:xxxxx@127.0.0.1:1/shop"},
		{"sqlite:" + t.TempDir() + "/no/such/dir/app.db", "no/such/dir/app.db"},
	}
	for _, tt := range tests {
		d, err := db.Open(ctx, tt.url)
		if err == nil {
			d.Close()
			t.Fatalf("Open(%q) succeeded", tt.url)
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.want) || strings.Contains(msg, "s3cret") {
			t.Errorf("Open error = %q, want it to name %q and hide the password", msg, tt.want)
		}
	}
	if _, err := db.Open(ctx, "mysql://localhost/x"); err == nil || !strings.Contains(err.Error(), "mysql") {
		t.Errorf("Open(mysql) error = %v", err)
	}
	if _, err := db.Open(ctx, "postgres://app:s3cret@127.0.0.1:1/shop"); err == nil || errors.Unwrap(err) == nil {
		t.Errorf("Open error %v should wrap the driver's", err)
	}
}
