package db

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// ErrOutOfOrder is wrapped by Migrate's error when a migration older than
// the database's newest applied one was never applied, as when two
// branches each add a migration: applying it now could break assumptions
// of the newer ones, so Migrate stops. Give it a newer version number
// (rename the file) or apply it by hand.
var ErrOutOfOrder = errors.New("db: migration out of order")

// Migration describes one migration, as Migrate reports it.
type Migration struct {
	// Version is the number that orders migrations, from the file name.
	Version int64
	// Source is the file name, such as 00001_create_users.sql, or
	// "go:N" for a Go migration that has no file.
	Source string
	// Applied reports whether the migration is applied after the command.
	Applied bool
	// AppliedAt is when it was applied, for "status"; zero otherwise.
	AppliedAt time.Time
}

// Migrate runs a migration command on d with pressly/goose:
//
//   - "up" applies the pending migrations, in version order, and returns
//     those it applied;
//   - "down" rolls back the newest applied migration and returns it;
//   - "status" returns every migration, applied or pending.
//
// fsys holds the SQL migrations at its root, files named VERSION_name.sql
// with "-- +goose Up" and "-- +goose Down" sections (an embed.FS of a
// directory needs fs.Sub). goMigrations adds migrations written in Go,
// made with goose.NewGoMigration; goose's global registry is not used, so
// that what runs is what is passed. Each migration runs in a transaction
// unless it says "-- +goose NO TRANSACTION". On PostgreSQL an advisory
// lock lets one instance migrate at a time.
//
// A migration that fails stops the command; the error names its file and
// wraps the database's error. A pending migration older than the newest
// applied one gives an error wrapping ErrOutOfOrder.
func Migrate(ctx context.Context, d *DB, fsys fs.FS, command string, goMigrations ...*goose.Migration) ([]Migration, error) {
	p, err := d.migrator(ctx, fsys, goMigrations)
	if err != nil {
		return nil, err
	}
	switch command {
	case "up":
		results, err := p.Up(ctx)
		if pe := (*goose.PartialError)(nil); errors.As(err, &pe) {
			results = pe.Applied
		}
		if err != nil {
			return applied(results), d.migrateError(command, err)
		}
		return applied(results), nil
	case "down":
		res, err := p.Down(ctx)
		if errors.Is(err, goose.ErrNoNextVersion) {
			return nil, nil
		}
		if err != nil {
			return nil, d.migrateError(command, err)
		}
		return []Migration{{Version: res.Source.Version, Source: sourceName(res.Source)}}, nil
	case "status":
		st, err := p.Status(ctx)
		if err != nil {
			return nil, d.migrateError(command, err)
		}
		out := make([]Migration, len(st))
		for i, s := range st {
			out[i] = Migration{
				Version:   s.Source.Version,
				Source:    sourceName(s.Source),
				Applied:   s.State == goose.StateApplied,
				AppliedAt: s.AppliedAt,
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("db: unknown migration command %q; want up, down or status", command)
}

func (d *DB) migrator(ctx context.Context, fsys fs.FS, goMigrations []*goose.Migration) (*goose.Provider, error) {
	opts := []goose.ProviderOption{
		goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(goMigrations...),
	}
	dialect := goose.DialectSQLite3
	if d.Kind() == "postgres" {
		dialect = goose.DialectPostgres
		id, err := d.migrationLockID(ctx)
		if err != nil {
			return nil, err
		}
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 600))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, d.SQL(), fsys, opts...)
	if errors.Is(err, goose.ErrNoMigrations) {
		return nil, fmt.Errorf("db: no migrations found: want files named VERSION_name.sql at the root of the file system (for an embed.FS of a directory, pass fs.Sub(fsys, dir)), or Go migrations")
	}
	if err != nil {
		return nil, fmt.Errorf("db: reading migrations: %w", err)
	}
	return p, nil
}

// migrationLockID names the advisory lock after the database and schema
// being migrated, so that apps sharing a server but not a schema do not
// wait for each other.
func (d *DB) migrationLockID(ctx context.Context) (int64, error) {
	var name string
	if err := d.SQL().QueryRowContext(ctx, "SELECT current_database() || '.' || current_schema()").Scan(&name); err != nil {
		return 0, fmt.Errorf("db: migrate on %s: %w", d.Name(), err)
	}
	h := fnv.New64a()
	h.Write([]byte("pylon migrate " + name))
	return int64(h.Sum64() >> 1), nil
}

// migrateError explains a goose error.
func (d *DB) migrateError(command string, err error) error {
	var pe *goose.PartialError
	if errors.As(err, &pe) {
		return fmt.Errorf("db: migrate %s on %s: migration %s failed (%d applied before it, kept): %w",
			command, d.Name(), sourceName(pe.Failed.Source), len(pe.Applied), pe.Err)
	}
	if strings.Contains(err.Error(), "out-of-order") { // goose exports no sentinel for it
		return fmt.Errorf("db: migrate %s on %s: %w: %v", command, d.Name(), ErrOutOfOrder, err)
	}
	return fmt.Errorf("db: migrate %s on %s: %w", command, d.Name(), err)
}

func applied(results []*goose.MigrationResult) []Migration {
	var out []Migration
	for _, r := range results {
		if r.Error == nil {
			out = append(out, Migration{Version: r.Source.Version, Source: sourceName(r.Source), Applied: true})
		}
	}
	return out
}

func sourceName(s *goose.Source) string {
	if s.Path == "" {
		return fmt.Sprintf("go:%d", s.Version)
	}
	return path.Base(s.Path)
}
