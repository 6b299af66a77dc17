// Package sqlstore keeps sessions in a SQL table through database/sql, for
// SQLite (the pure-Go driver modernc.org/sqlite) and PostgreSQL (pgx's
// stdlib driver). It implements scs's Store, CtxStore and
// IterableCtxStore interfaces, so it works with session.NewWithStore and
// with scs directly, and session.UpdateStore.
//
//	st, err := sqlstore.New(db, sqlstore.Options{})
//	if err != nil { ... }
//	defer st.Close()
//	if err := st.CreateTable(ctx); err != nil { ... }
//
// Expiry times are written by the application and compared with the
// application's clock, never the database's, so a store behaves the same
// on both databases.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Options configures a Store. The zero value is valid.
type Options struct {
	// Dialect is "sqlite" or "postgres". If not set, it is detected from
	// the driver of the *sql.DB (modernc.org/sqlite and pgx or lib/pq).
	Dialect string

	// Table names the sessions table; it may be schema-qualified
	// ("auth.sessions"). If not set, "sessions".
	Table string

	// CleanupInterval is how often a background goroutine deletes expired
	// rows. If not set, 5 minutes; a negative value turns the cleanup off.
	CleanupInterval time.Duration

	// Logger receives cleanup errors. If not set, slog.Default().
	Logger *slog.Logger
}

// Store is a session store over a SQL table with the columns token (the
// primary key), data (the encoded session) and expiry (Unix
// milliseconds). Its methods may be called concurrently. Close stops the
// cleanup goroutine.
type Store struct {
	db      *sql.DB
	dialect string
	table   string
	ownDB   bool // Open opened db, so Close closes it
	q       queries
	logger  *slog.Logger

	stop     context.CancelFunc
	done     chan struct{}
	closeErr error
	once     sync.Once
}

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)

// New returns a Store over db and starts its cleanup goroutine. It does not
// create the table; call CreateTable, or create it in a migration with the
// statements of Schema. The caller keeps ownership of db: Close does not
// close it.
func New(db *sql.DB, opts Options) (*Store, error) {
	dialect := opts.Dialect
	if dialect == "" {
		dialect = detectDialect(db)
	}
	if dialect != SQLite && dialect != Postgres {
		return nil, fmt.Errorf("sqlstore: unknown dialect %q (want %q or %q)", dialect, SQLite, Postgres)
	}
	table := opts.Table
	if table == "" {
		table = "sessions"
	}
	if !identifier.MatchString(table) {
		return nil, fmt.Errorf("sqlstore: table name %q is not a plain SQL identifier", table)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	s := &Store{db: db, dialect: dialect, table: table, q: newQueries(dialect, table), logger: logger}
	interval := opts.CleanupInterval
	if interval == 0 {
		interval = 5 * time.Minute
	}
	if interval > 0 {
		s.startCleanup(interval)
	}
	return s, nil
}

// detectDialect names the dialect of db's driver, or "" if it is unknown.
func detectDialect(db *sql.DB) string {
	name := strings.ToLower(fmt.Sprintf("%T", db.Driver()))
	switch {
	case strings.Contains(name, "sqlite"):
		return SQLite
	case strings.Contains(name, "pgx"), strings.Contains(name, "pq."):
		return Postgres
	}
	return ""
}

// DB returns the store's database handle.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// Close stops the cleanup goroutine and waits for it to finish; if Open
// opened the database, Close closes it too. Close may be called more than
// once.
func (s *Store) Close() error {
	s.once.Do(func() {
		if s.stop != nil {
			s.stop()
			<-s.done
		}
		if s.ownDB {
			s.closeErr = s.db.Close()
		}
	})
	return s.closeErr
}

// FindCtx returns the data of an unexpired session. A missing or expired
// token is not an error: found is false.
func (s *Store) FindCtx(ctx context.Context, token string) (b []byte, found bool, err error) {
	err = s.db.QueryRowContext(ctx, s.q.find, token, nowMillis()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

// CommitCtx inserts or replaces the session's data and expiry.
func (s *Store) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q.commit, token, b, expiry.UnixMilli())
	return err
}

// UpdateCtx saves b and expiry under token only if the table holds an
// unexpired session under it, in one UPDATE, and reports whether it did; a
// nil b keeps the stored data. The session package uses it, so that a
// request that loaded a session before a concurrent logout or Renew
// deleted it cannot write it back (see session.UpdateStore).
func (s *Store) UpdateCtx(ctx context.Context, token string, b []byte, expiry time.Time) (bool, error) {
	now, exp := nowMillis(), expiry.UnixMilli()
	var res sql.Result
	var err error
	if b == nil {
		res, err = s.db.ExecContext(ctx, s.q.touch, exp, token, now)
	} else {
		res, err = s.db.ExecContext(ctx, s.q.update, b, exp, token, now)
	}
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	return n > 0 && exp > now, nil // an expiry in the past leaves an expired row
}

// DeleteCtx deletes the session; a missing token is not an error.
func (s *Store) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, s.q.delete, token)
	return err
}

// DeleteExistingCtx deletes the session and reports whether the table held
// it, unexpired: one DELETE ... WHERE token = ? AND expiry > ?, counted by
// its rows affected. An expired row is left to the cleanup; Find never
// returns it. The session package uses it when Renew deletes the token a
// request loaded, to learn whether a concurrent logout or Renew ended the
// session first (see session.UpdateStore).
func (s *Store) DeleteExistingCtx(ctx context.Context, token string) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q.deleteLive, token, nowMillis())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// AllCtx returns every unexpired session's data by token.
func (s *Store) AllCtx(ctx context.Context) (map[string][]byte, error) {
	rows, err := s.db.QueryContext(ctx, s.q.all, nowMillis())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	all := make(map[string][]byte)
	for rows.Next() {
		var token string
		var b []byte
		if err := rows.Scan(&token, &b); err != nil {
			return nil, err
		}
		all[token] = b
	}
	return all, rows.Err()
}

// DeleteExpired deletes the rows whose expiry has passed and returns how
// many it deleted. The cleanup goroutine calls it; call it yourself when
// the cleanup is off.
func (s *Store) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q.deleteExpired, nowMillis())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Find is FindCtx with a background context.
func (s *Store) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx with a background context.
func (s *Store) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx with a background context.
func (s *Store) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// All is AllCtx with a background context.
func (s *Store) All() (map[string][]byte, error) {
	return s.AllCtx(context.Background())
}

func nowMillis() int64 { return time.Now().UnixMilli() }
