package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx", the PostgreSQL driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/schema"
	_ "modernc.org/sqlite" // registers "sqlite", the pure-Go SQLite driver
)

// DB is an open database: a connection pool with Bun's query builder on
// it. The embedded *bun.DB gives the builder (NewSelect, NewInsert, ...)
// and, through its embedded *sql.DB, everything database/sql offers, such
// as Stats. A DB is safe for concurrent use; open one per app and close it
// when the app stops (Plugin does both).
type DB struct {
	*bun.DB
	cfg    Config
	target target
}

// pingTimeout bounds the ping of Open: connecting to a PostgreSQL server
// that does not answer should fail the app's start, not hang it.
const pingTimeout = 30 * time.Second

// Open opens the database at url with the default pool settings and pings
// it. See Config.URL for the forms of url and OpenConfig for the rest.
func Open(ctx context.Context, url string) (*DB, error) {
	return OpenConfig(ctx, Config{URL: url})
}

// OpenConfig opens the database cfg describes, sets up its pool and
// pings it (waiting as long as ctx allows, at most 30s), so that a wrong URL or a database that is down fails here,
// with an error naming the database (its password redacted), rather than
// at the first request.
func OpenConfig(ctx context.Context, cfg Config) (*DB, error) {
	t, err := parseURL(cfg.url(), cfg.acquireTimeout())
	if err != nil {
		return nil, err
	}
	sqldb, err := sql.Open(t.driver, t.dsn)
	if err != nil {
		return nil, &openError{target: t, err: err}
	}
	configurePool(sqldb, cfg, t)

	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, &openError{target: t, err: err}
	}

	var dialect schema.Dialect = sqlitedialect.New()
	if t.kind == "postgres" {
		dialect = pgdialect.New()
	}
	bdb := bun.NewDB(sqldb, dialect)
	if qt := cfg.queryTimeout(); qt > 0 {
		bdb = bdb.WithQueryHook(queryTimeout(qt))
	}
	return &DB{DB: bdb, cfg: cfg, target: t}, nil
}

func configurePool(sqldb *sql.DB, cfg Config, t target) {
	if t.memory {
		// Every connection to ":memory:" is a database of its own, which
		// dies with its connection: keep exactly one, forever.
		sqldb.SetMaxOpenConns(1)
		sqldb.SetMaxIdleConns(1)
		sqldb.SetConnMaxLifetime(0)
		sqldb.SetConnMaxIdleTime(0)
		return
	}
	sqldb.SetMaxOpenConns(cfg.maxOpen())
	sqldb.SetMaxIdleConns(min(cfg.maxIdle(), cfg.maxOpen()))
	sqldb.SetConnMaxLifetime(orDefault(cfg.ConnMaxLifetime, defaultConnMaxLifetime))
	sqldb.SetConnMaxIdleTime(orDefault(cfg.ConnMaxIdleTime, defaultConnMaxIdleTime))
}

// SQL returns the underlying *sql.DB, for raw SQL and for libraries that
// take one. Closing it closes d.
func (d *DB) SQL() *sql.DB { return d.DB.DB }

// Bun returns Bun's DB, for APIs that want a *bun.DB or bun.IDB.
func (d *DB) Bun() *bun.DB { return d.DB }

// Kind returns "sqlite" or "postgres".
func (d *DB) Kind() string { return d.target.kind }

// Name returns the database's URL with its password redacted, for logs
// and messages.
func (d *DB) Name() string { return d.target.name }

// Config returns the configuration d was opened with.
func (d *DB) Config() Config { return d.cfg }

// Conn takes a connection from the pool for the caller alone, waiting at
// most AcquireTimeout (or until ctx is done) for one to be free; see
// ErrAcquireTimeout. Close the Conn to give it back.
func (d *DB) Conn(ctx context.Context) (bun.Conn, error) {
	actx, cancel := d.acquireContext(ctx)
	defer cancel()
	conn, err := d.DB.Conn(actx)
	if err != nil {
		return bun.Conn{}, d.acquireError(ctx, err)
	}
	return conn, nil
}

// acquireContext bounds ctx by AcquireTimeout.
func (d *DB) acquireContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if timeout := d.cfg.acquireTimeout(); timeout > 0 {
		return context.WithTimeout(ctx, timeout)
	}
	return ctx, func() {}
}

// openError reports a database that could not be opened or reached. It
// names the database and scrubs its password from the driver's message.
type openError struct {
	target target
	err    error
}

func (e *openError) Error() string {
	msg := e.err.Error()
	if pw := e.target.password; pw != "" {
		msg = strings.ReplaceAll(msg, pw, "xxxxx")
	}
	return fmt.Sprintf("db: cannot open %s: %s", e.target.name, msg)
}

func (e *openError) Unwrap() error { return e.err }
