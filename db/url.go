package db

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// target is what a database URL resolves to.
type target struct {
	kind     string // "sqlite" or "postgres"
	driver   string // the database/sql driver name
	dsn      string // what the driver opens
	name     string // the URL with the password redacted, for messages
	password string // to scrub from driver errors
	memory   bool   // a SQLite memory database
}

// parseURL resolves a database URL. busy is SQLite's busy timeout.
func parseURL(raw string, busy time.Duration) (target, error) {
	scheme, rest, ok := strings.Cut(raw, ":")
	if !ok {
		return target{}, fmt.Errorf("db: URL %q has no scheme; want one such as sqlite:app.db, sqlite::memory: or postgres://host/db", redact(raw))
	}
	switch strings.ToLower(scheme) {
	case "sqlite", "sqlite3":
		return sqliteTarget(raw, rest, busy)
	case "postgres", "postgresql":
		u, err := url.Parse(raw)
		if err != nil {
			return target{}, fmt.Errorf("db: bad PostgreSQL URL %q: %v", redact(raw), err)
		}
		pw, _ := u.User.Password()
		if pw == "" {
			pw = u.Query().Get("password")
		}
		return target{kind: "postgres", driver: "pgx", dsn: raw, name: redact(raw), password: pw}, nil
	}
	return target{}, fmt.Errorf("db: unsupported database %q in URL %q; want sqlite or postgres", scheme, redact(raw))
}

// sqliteTarget builds the modernc.org/sqlite DSN for "sqlite:" + rest,
// adding the pragmas Pylon relies on unless the URL sets them itself.
func sqliteTarget(raw, rest string, busy time.Duration) (target, error) {
	path, query, _ := strings.Cut(rest, "?")
	path = strings.TrimPrefix(path, "//") // sqlite:///abs/path and sqlite://rel/path
	if path == "" {
		return target{}, fmt.Errorf("db: URL %q names no file; want sqlite:FILE, or sqlite::memory: for a database in memory", raw)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return target{}, fmt.Errorf("db: bad query in URL %q: %v", raw, err)
	}
	memory := path == ":memory:" || q.Get("mode") == "memory"
	add := func(pragma, value string, aliases ...string) {
		for _, a := range aliases {
			if q.Has(a) {
				return
			}
		}
		for _, p := range q["_pragma"] {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(p)), pragma) {
				return
			}
		}
		q.Add("_pragma", pragma+"("+value+")")
	}
	add("busy_timeout", strconv.FormatInt(busy.Milliseconds(), 10), "_busy_timeout", "_timeout")
	add("foreign_keys", "1", "_foreign_keys", "_fk")
	if !memory {
		// WAL lets readers run while one writer writes; NORMAL sync is
		// safe under WAL (a power cut may lose the last commits, never
		// corrupt the file) and much faster than FULL.
		add("journal_mode", "WAL", "_journal_mode", "_journal")
		add("synchronous", "NORMAL", "_synchronous", "_sync")
	}
	if !q.Has("_txlock") {
		// Write transactions take the write lock at BEGIN, so two of them
		// queue on the busy timeout instead of failing with SQLITE_BUSY
		// when a deferred one tries to upgrade. Read-only ones stay
		// deferred (the driver begins them plainly).
		q.Set("_txlock", "immediate")
	}
	return target{
		kind:   "sqlite",
		driver: "sqlite",
		dsn:    path + "?" + q.Encode(),
		name:   raw,
		memory: memory,
	}, nil
}

// redact hides the password of a URL, in the user part or the query.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Not a URL we can take apart: hide everything after the scheme's
		// user info rather than risk printing a password.
		if i := strings.Index(raw, "@"); i >= 0 {
			if j := strings.Index(raw, "://"); j >= 0 && j < i {
				return raw[:j+3] + "xxxxx" + raw[i:]
			}
		}
		return raw
	}
	if u.Query().Has("password") {
		q := u.Query()
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
