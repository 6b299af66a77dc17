package db_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pylonweb/pylon/db"
	"github.com/uptrace/bun"
	"go.uber.org/goleak"
)

// item is the model of the tests' items table.
type item struct {
	bun.BaseModel `bun:"table:items"`
	Name          string `bun:"name,notnull"`
}

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// postgresEnv names the variable that turns on the PostgreSQL half of
// the tests.
const postgresEnv = "PYLON_TEST_POSTGRES_URL"

// run runs fn on SQLite and, when PYLON_TEST_POSTGRES_URL is set, on
// PostgreSQL, each time with a fresh database URL.
func run(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, sqliteURL(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, postgresURL(t)) })
}

// sqliteURL returns the URL of a new SQLite file.
func sqliteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
}

// postgresURL returns a URL of the test server whose search_path is a
// fresh schema, dropped at cleanup, so that tests never see each other's
// tables. It skips the test if the server is not configured.
func postgresURL(t testing.TB) string {
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skipf("%s is not set; set it to a PostgreSQL URL (such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL half", postgresEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "pylon_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("creating a schema on %s: %v", postgresEnv, err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
		admin.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// open opens url with cfg and closes it at cleanup.
func open(t testing.TB, url string, cfg db.Config) *db.DB {
	t.Helper()
	cfg.URL = url
	d, err := db.OpenConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// exec runs statements, failing the test on error.
func exec(t testing.TB, d *db.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := d.SQL().Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// count returns the number of rows in table.
func count(t testing.TB, d *db.DB, table string) int {
	t.Helper()
	n, err := d.NewSelect().Table(table).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// checkReleased fails if a connection is still in use.
func checkReleased(t testing.TB, d *db.DB) {
	t.Helper()
	if s := d.Stats(); s.InUse != 0 {
		t.Errorf("Stats().InUse = %d after the work ended, want 0", s.InUse)
	}
}
