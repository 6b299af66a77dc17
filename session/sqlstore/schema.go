package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// queries holds a store's statements for its dialect and table.
type queries struct {
	find, commit, update, touch, delete, deleteLive, all, deleteExpired string
}

func newQueries(dialect, table string) queries {
	q := queries{
		find:          "SELECT data FROM " + table + " WHERE token = ? AND expiry > ?",
		commit:        "INSERT INTO " + table + " (token, data, expiry) VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry",
		update:        "UPDATE " + table + " SET data = ?, expiry = ? WHERE token = ? AND expiry > ?",
		touch:         "UPDATE " + table + " SET expiry = ? WHERE token = ? AND expiry > ?",
		delete:        "DELETE FROM " + table + " WHERE token = ?",
		deleteLive:    "DELETE FROM " + table + " WHERE token = ? AND expiry > ?",
		all:           "SELECT token, data FROM " + table + " WHERE expiry > ?",
		deleteExpired: "DELETE FROM " + table + " WHERE expiry <= ?",
	}
	if dialect == Postgres {
		q.find = numbered(q.find)
		q.commit = numbered(q.commit)
		q.update = numbered(q.update)
		q.touch = numbered(q.touch)
		q.delete = numbered(q.delete)
		q.deleteLive = numbered(q.deleteLive)
		q.all = numbered(q.all)
		q.deleteExpired = numbered(q.deleteExpired)
	}
	return q
}

// numbered turns ? placeholders into PostgreSQL's $1, $2, ...
func numbered(query string) string {
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Schema returns the statements that create the sessions table and its
// expiry index for dialect ("sqlite" or "postgres"), for use in a
// migration. Both statements use IF NOT EXISTS.
func Schema(dialect, table string) ([]string, error) {
	if table == "" {
		table = "sessions"
	}
	if !identifier.MatchString(table) {
		return nil, fmt.Errorf("sqlstore: table name %q is not a plain SQL identifier", table)
	}
	blob := "BLOB"
	switch dialect {
	case SQLite:
	case Postgres:
		blob = "BYTEA"
	default:
		return nil, fmt.Errorf("sqlstore: unknown dialect %q (want %q or %q)", dialect, SQLite, Postgres)
	}
	// An index name is never schema-qualified: it lives beside its table.
	index := table[strings.LastIndexByte(table, '.')+1:] + "_expiry_idx"
	return []string{
		"CREATE TABLE IF NOT EXISTS " + table + " (token TEXT PRIMARY KEY, data " + blob + " NOT NULL, expiry BIGINT NOT NULL)",
		"CREATE INDEX IF NOT EXISTS " + index + " ON " + table + " (expiry)",
	}, nil
}

// CreateTable creates the store's table and its expiry index if they do
// not exist.
func (s *Store) CreateTable(ctx context.Context) error {
	stmts, err := Schema(s.dialect, s.table)
	if err != nil {
		return err
	}
	for _, stmt := range stmts {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("sqlstore: create table %s: %w", s.table, err)
		}
	}
	return nil
}
