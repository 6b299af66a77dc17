package db

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// migrationTemplate is what CreateMigration writes: goose's markers, with
// room for the statements.
const migrationTemplate = `-- +goose Up
-- +goose StatementBegin
SELECT 'up SQL query';
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
SELECT 'down SQL query';
-- +goose StatementEnd
`

var migrationName = regexp.MustCompile(`^[a-z0-9_]+$`)

// CreateMigration writes a new SQL migration in dir, creating dir if
// needed, and returns its path. The file is named after now, in UTC, and
// name: 20260102150405_add_users.sql, so that migrations written on
// different branches rarely share a version. name is lower-cased, with
// spaces and dashes turned into underscores; other characters are
// refused. An existing file is never overwritten.
func CreateMigration(dir, name string, now time.Time) (string, error) {
	name = strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(name)))
	if !migrationName.MatchString(name) {
		return "", fmt.Errorf("db: migration name %q: use letters, digits and underscores", name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	file := filepath.Join(dir, now.UTC().Format("20060102150405")+"_"+name+".sql")
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("db: %s already exists", file)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(migrationTemplate); err != nil {
		f.Close()
		return "", err
	}
	return file, f.Close()
}
