package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/db"
)

func init() {
	register(&command{
		name:    "migrate",
		summary: "apply, roll back, list or create database migrations",
		usage:   "up|down|status|create NAME [--dir DIR] [--db URL] [--config FILE]",
		help: `
Migrate manages the SQL migrations in --dir (default: migrations), files
named VERSION_name.sql with "-- +goose Up" and "-- +goose Down" sections,
using pressly/goose:

	up       apply the pending migrations, oldest first
	down     roll back the newest applied migration
	status   list the migrations, applied or pending
	create   write a new migration, DIR/YYYYMMDDHHMMSS_NAME.sql

The database is --db, a URL such as sqlite:app.db or
postgres://user@host/app; else the url of the [db] section of --config
(default: the file in PYLON_CONFIG), with PYLON_DB_URL overriding it;
else sqlite:pylon.db, the app's own default.

A failed migration stops the command (exit 1) and is named; so is a
pending migration older than the newest applied one (out of order).
Migrations written in Go are not seen here: they run inside the app, by
db.Migrate or the db plugin's migrate_on_start.

Examples:

	pylon migrate create add_users
	pylon migrate up --db postgres://app@localhost/app
	pylon migrate status --config production.toml`,
		flags: func() *flag.FlagSet { return new(migrateOptions).flagSet() },
		run:   runMigrate,
	})
}

type migrateOptions struct {
	dir    string
	url    string
	config string
}

func (o *migrateOptions) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.StringVar(&o.dir, "dir", "migrations", "`directory` of the SQL migrations")
	fs.StringVar(&o.url, "db", "", "database `URL`; if empty, from the config file")
	fs.StringVar(&o.config, "config", "", "config `file` with a [db] section; if empty, PYLON_CONFIG")
	return fs
}

func runMigrate(ctx context.Context, s *stdio, args []string) error {
	var o migrateOptions
	pos, err := parseFlags(lookup("migrate"), s, o.flagSet(), args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError{"missing subcommand: up, down, status or create"}
	}
	switch pos[0] {
	case "create":
		if len(pos) != 2 {
			return usageError{"create takes one NAME"}
		}
		file, err := db.CreateMigration(o.dir, pos[1], time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(s.out, "created %s\n", file)
		return nil
	case "up", "down", "status":
		if len(pos) != 1 {
			return usageError{pos[0] + " takes no arguments"}
		}
	default:
		return usageError{fmt.Sprintf("unknown subcommand %q; want up, down, status or create", pos[0])}
	}

	cfg, err := o.dbConfig()
	if err != nil {
		return err
	}
	d, err := db.OpenConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	ms, err := db.Migrate(ctx, d, os.DirFS(o.dir), pos[0])
	return printMigrations(s, pos[0], ms, err)
}

// dbConfig finds the database: --db, else the config file's [db] section.
func (o *migrateOptions) dbConfig() (db.Config, error) {
	file := o.config
	if file == "" {
		file = os.Getenv("PYLON_CONFIG")
	}
	app, err := pylon.LoadConfig(file)
	if err != nil {
		return db.Config{}, err
	}
	var cfg db.Config
	if err := app.Section("db", &cfg); err != nil {
		return db.Config{}, err
	}
	if o.url != "" {
		cfg.URL = o.url
	}
	return cfg, nil
}

func printMigrations(s *stdio, command string, ms []db.Migration, err error) error {
	switch command {
	case "up":
		for _, m := range ms {
			fmt.Fprintf(s.out, "applied %s\n", m.Source)
		}
		if err == nil && len(ms) == 0 {
			fmt.Fprintln(s.out, "no pending migrations")
		}
	case "down":
		for _, m := range ms {
			fmt.Fprintf(s.out, "rolled back %s\n", m.Source)
		}
		if err == nil && len(ms) == 0 {
			fmt.Fprintln(s.out, "no migration to roll back")
		}
	case "status":
		tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "STATE\tAPPLIED AT\tMIGRATION")
		for _, m := range ms {
			state, at := "pending", "-"
			if m.Applied {
				state, at = "applied", m.AppliedAt.UTC().Format(time.DateTime)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", state, at, m.Source)
		}
		tw.Flush()
	}
	return err
}
