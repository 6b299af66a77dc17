package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	migrations := filepath.Join(dir, "migrations")
	url := "sqlite:" + filepath.Join(dir, "app.db")
	cfg := filepath.Join(dir, "app.toml")
	writeFile(t, cfg, "[db]\nurl = \""+url+"\"\n")
	t.Setenv("PYLON_DB_URL", "") // the config file decides, whatever the environment says
	os.Unsetenv("PYLON_DB_URL")

	code, stdout, stderr := runPylon(t, "migrate", "create", "add_users", "--dir", migrations)
	if code != 0 || !strings.Contains(stdout, "_add_users.sql") {
		t.Fatalf("create: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	file := strings.TrimSpace(strings.TrimPrefix(stdout, "created "))
	writeFile(t, file, "-- +goose Up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n")
	name := filepath.Base(file)

	steps := []struct {
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{[]string{"status", "--config", cfg}, 0, []string{"pending", name}, ""},
		{[]string{"up", "--config", cfg}, 0, []string{"applied " + name}, ""},
		{[]string{"up", "--db", url}, 0, []string{"no pending migrations"}, ""},
		{[]string{"status", "--db", url}, 0, []string{"applied", name}, ""},
		{[]string{"down", "--db", url}, 0, []string{"rolled back " + name}, ""},
		{[]string{"down", "--db", url}, 0, []string{"no migration to roll back"}, ""},
	}
	for _, st := range steps {
		args := append([]string{"migrate"}, st.args...)
		args = append(args, "--dir", migrations)
		code, stdout, stderr := runPylon(t, args...)
		if code != st.code {
			t.Errorf("%v: exit %d, want %d; stderr %q", st.args, code, st.code, stderr)
		}
		for _, want := range st.stdout {
			if !strings.Contains(stdout, want) {
				t.Errorf("%v: stdout %q lacks %q", st.args, stdout, want)
			}
		}
	}

	writeFile(t, filepath.Join(migrations, "99999999999999_broken.sql"), "-- +goose Up\nCREATE TABLE (;\n-- +goose Down\n")
	code, stdout, stderr = runPylon(t, "migrate", "up", "--db", url, "--dir", migrations)
	if code != 1 || !strings.Contains(stderr, "99999999999999_broken.sql failed") || !strings.Contains(stdout, "applied "+name) {
		t.Errorf("broken migration: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestMigrateUsage(t *testing.T) {
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"migrate"}, "missing subcommand"},
		{[]string{"migrate", "sideways"}, `unknown subcommand "sideways"`},
		{[]string{"migrate", "create"}, "create takes one NAME"},
		{[]string{"migrate", "up", "extra"}, "up takes no arguments"},
	}
	for _, tt := range tests {
		code, _, stderr := runPylon(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.stderr)
		}
	}
}
