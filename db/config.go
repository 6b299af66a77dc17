package db

import (
	"runtime"
	"time"

	"github.com/pylonweb/pylon"
)

// DefaultURL is the database a Config without a URL opens: a SQLite file
// in the working directory, so that a new app runs with nothing installed.
const DefaultURL = "sqlite:pylon.db"

// Config configures a database: where it is and how its connection pool
// behaves. It is the [db] section of an app's configuration:
//
//	[db]
//	url = "postgres://app@db.internal/app?sslmode=require"
//	max_open_conns = 20
//	migrate_on_start = true
//
// Each field can be set from the environment too (PYLON_DB_URL, ...), so
// switching from SQLite to PostgreSQL is a matter of configuration. The
// zero value opens DefaultURL with the defaults below.
type Config struct {
	// URL says which database to open: "sqlite:path/to/file.db",
	// "sqlite::memory:" or "postgres://user:password@host:port/name".
	// If empty, DefaultURL.
	URL string `toml:"url"`

	// MaxOpenConns bounds the connections open at once, in use or idle;
	// it is what bounds the parallelism of queries. If not set (zero),
	// max(4, GOMAXPROCS). A SQLite memory database always has exactly one
	// connection, since each connection would see a database of its own.
	MaxOpenConns int `toml:"max_open_conns"`

	// MaxIdleConns bounds the idle connections kept for reuse. If not set
	// (zero), the same as MaxOpenConns, so a busy app does not reconnect;
	// a negative value keeps none.
	MaxIdleConns int `toml:"max_idle_conns"`

	// ConnMaxLifetime closes connections older than this, so that a
	// PostgreSQL server or proxy can rebalance. If not set (zero), 1h; a
	// negative value keeps connections forever.
	ConnMaxLifetime pylon.Duration `toml:"conn_max_lifetime"`

	// ConnMaxIdleTime closes connections idle for this long. If not set
	// (zero), 5m; a negative value keeps them.
	ConnMaxIdleTime pylon.Duration `toml:"conn_max_idle_time"`

	// AcquireTimeout bounds the wait for a free connection in Tx,
	// TxMiddleware and Conn; on SQLite it is also
	// the busy timeout, how long a writer waits for the write lock. An
	// exhausted pool then gives an error wrapping ErrAcquireTimeout rather
	// than a request that hangs. If not set (zero), 5s.
	AcquireTimeout pylon.Duration `toml:"acquire_timeout"`

	// QueryTimeout bounds each query made through the query builder
	// (DB.NewSelect and the rest) whose context has no earlier deadline,
	// waiting for a connection included. If not set (zero), 30s; a
	// negative value means no bound beyond the caller's context. Raw SQL
	// through DB.SQL, and the raw methods ExecContext, QueryContext and
	// QueryRowContext, honour only the caller's context.
	QueryTimeout pylon.Duration `toml:"query_timeout"`

	// MigrateOnStart makes Plugin apply the pending migrations when the
	// app starts, before it serves. If false, run "pylon migrate up".
	MigrateOnStart bool `toml:"migrate_on_start"`
}

const (
	defaultConnMaxLifetime = time.Hour
	defaultConnMaxIdleTime = 5 * time.Minute
	defaultAcquireTimeout  = 5 * time.Second
	defaultQueryTimeout    = 30 * time.Second
)

func (c Config) url() string {
	if c.URL == "" {
		return DefaultURL
	}
	return c.URL
}

func (c Config) maxOpen() int {
	if c.MaxOpenConns > 0 {
		return c.MaxOpenConns
	}
	return max(4, runtime.GOMAXPROCS(0))
}

func (c Config) maxIdle() int {
	switch {
	case c.MaxIdleConns < 0:
		return 0
	case c.MaxIdleConns == 0:
		return c.maxOpen()
	}
	return c.MaxIdleConns
}

func (c Config) acquireTimeout() time.Duration {
	return orDefault(c.AcquireTimeout, defaultAcquireTimeout)
}

func (c Config) queryTimeout() time.Duration {
	return orDefault(c.QueryTimeout, defaultQueryTimeout)
}

// orDefault returns d, def if d is zero, or 0 (no limit) if d is negative.
func orDefault(d pylon.Duration, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d.Std()
}
