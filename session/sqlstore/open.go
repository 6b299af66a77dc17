package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver
)

// Open opens the database at rawURL, checks that it answers, creates the
// table if it does not exist and returns a Store that owns the database:
// Close closes it. rawURL is one of:
//
//	sqlite:app.db                   a file, relative to the working directory
//	sqlite:///var/lib/app/app.db    an absolute path
//	sqlite::memory:                 a private in-memory database (tests)
//	postgres://user:pass@host:5432/db?sslmode=disable
//
// A SQLite file gets WAL journaling and a 5s busy timeout unless the URL's
// query sets _pragma itself. opts.Dialect is set from the URL.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	driver, dsn, dialect, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %s: %w", redact(rawURL), err)
	}
	if dialect == SQLite && isMemory(dsn) {
		db.SetMaxOpenConns(1) // each connection would get its own empty database
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: connect to %s: %w", redact(rawURL), err)
	}
	opts.Dialect = dialect
	s, err := New(db, opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.ownDB = true
	if err := s.CreateTable(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// parseURL maps a database URL to a driver name, its DSN and a dialect.
func parseURL(rawURL string) (driver, dsn, dialect string, err error) {
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		dsn = strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//")
		if dsn == "" || strings.HasPrefix(dsn, "?") {
			return "", "", "", fmt.Errorf("sqlstore: %q names no database file (want sqlite:app.db or sqlite::memory:)", rawURL)
		}
		if !strings.Contains(dsn, "_pragma=") {
			sep := "?"
			if strings.Contains(dsn, "?") {
				sep = "&"
			}
			dsn += sep + "_pragma=busy_timeout(5000)"
			if !isMemory(dsn) {
				dsn += "&_pragma=journal_mode(WAL)"
			}
		}
		return "sqlite", dsn, SQLite, nil
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return "pgx", rawURL, Postgres, nil
	}
	return "", "", "", fmt.Errorf("sqlstore: unsupported database URL %q (want sqlite: or postgres://)", redact(rawURL))
}

func isMemory(dsn string) bool {
	return strings.HasPrefix(dsn, ":memory:") || strings.Contains(dsn, "mode=memory")
}

// redact hides a URL's password, for messages.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL
	}
	return u.Redacted()
}
