package db

import (
	"context"
	"fmt"
	"io/fs"
	"sync/atomic"

	"github.com/pressly/goose/v3"
	"github.com/pylonweb/pylon"
)

// Plugin gives an App its database: it opens it when the App starts
// (after reading the [db] section of the configuration), applies the
// pending migrations first if migrate_on_start is set, gives every
// request the database and a lazy transaction (see TxMiddleware), and
// closes the database when the App stops.
//
//	//go:embed migrations/*.sql
//	var migrations embed.FS
//
//	sub, _ := fs.Sub(migrations, "migrations")
//	dbp := &db.Plugin{Migrations: sub}
//	app.Plug(dbp)
//
// Handlers then use db.Tx(c, fn) and db.From(c). Install the plugin
// before the routes and middleware that use the database. A Plugin
// serves one App.
type Plugin struct {
	// Config holds the settings the app's [db] section (and the PYLON_DB_*
	// environment variables) leave out. If not set, the defaults of
	// Config, so an app without a [db] section uses DefaultURL.
	Config Config

	// Migrations holds the SQL migrations that migrate_on_start applies,
	// as for Migrate. If nil, only GoMigrations.
	Migrations fs.FS

	// GoMigrations are migrations written in Go, made with
	// goose.NewGoMigration. If nil, only the SQL migrations.
	GoMigrations []*goose.Migration

	db atomic.Pointer[DB]
}

// Name returns "db", the plugin's configuration section.
func (p *Plugin) Name() string { return "db" }

// DB returns the database while the App runs, and nil before it starts
// and after it stops. It is safe for concurrent use.
func (p *Plugin) DB() *DB { return p.db.Load() }

// Install reads the [db] section and registers the middleware and the
// start and stop hooks.
func (p *Plugin) Install(app *pylon.App) error {
	cfg := p.Config
	if err := app.Config().Section(p.Name(), &cfg); err != nil {
		return err
	}
	app.UseContext(txMiddleware(p.DB))
	app.OnStart(func(ctx context.Context) error {
		d, err := OpenConfig(ctx, cfg)
		if err != nil {
			return err
		}
		if cfg.MigrateOnStart {
			done, err := Migrate(ctx, d, p.Migrations, "up", p.GoMigrations...)
			for _, m := range done {
				app.Logger.Info("db: migrated", "database", d.Name(), "migration", m.Source)
			}
			if err != nil {
				d.Close()
				return err
			}
		}
		p.db.Store(d)
		app.Logger.Info("db: open", "database", d.Name())
		return nil
	})
	app.OnStop(func(context.Context) error {
		if d := p.db.Swap(nil); d != nil {
			if err := d.Close(); err != nil {
				return fmt.Errorf("db: closing %s: %w", d.Name(), err)
			}
		}
		return nil
	})
	return nil
}
