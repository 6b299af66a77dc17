package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// sources are the aggregator's local data: a SQLite database and a file,
// both in one directory.
type sources struct {
	DB   *sql.DB
	File string
}

const seedSQL = `
CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL, views INTEGER NOT NULL);
INSERT OR IGNORE INTO articles (id, title, views) VALUES
	(1, 'Pylons async programming in practice', 1200),
	(2, 'Using greenlet to raise concurrency', 950),
	(3, 'Managing greenlet tasks', 610),
	(4, 'From gevent to Go', 480);
`

const fileContents = `{"motd": "Network, database and file work, at once."}` + "\n"

// openSources creates the database (with a small table) and the data file
// in dir.
func openSources(dir string) (*sources, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "aggregator.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	if _, err := db.Exec(seedSQL); err != nil {
		db.Close()
		return nil, err
	}
	file := filepath.Join(dir, "motd.json")
	if err := os.WriteFile(file, []byte(fileContents), 0o600); err != nil {
		db.Close()
		return nil, err
	}
	return &sources{DB: db, File: file}, nil
}

// Close closes the database.
func (s *sources) Close() error { return s.DB.Close() }

// article is a row of the articles table.
type article struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Views int    `json:"views"`
}

// topArticles is the database part: the most viewed articles.
func topArticles(ctx context.Context, db *sql.DB) ([]article, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, title, views FROM articles ORDER BY views DESC LIMIT 3`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []article
	for rows.Next() {
		var a article
		if err := rows.Scan(&a.ID, &a.Title, &a.Views); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// readFile is the file part. A read from a file takes no context and
// cannot be interrupted, and the part's timeout cannot stop a function
// that ignores its context, so readFile reads in chunks and checks ctx
// before each: a timeout or a kill stops it within one chunk.
func readFile(ctx context.Context, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errors.New("data file missing")
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(ctx, f)
}

// fileChunk is how much readAll reads between two checks of its context.
const fileChunk = 32 << 10

// readAll reads r to its end, a chunk at a time, and returns ctx's error
// as soon as it sees ctx done.
func readAll(ctx context.Context, r io.Reader) ([]byte, error) {
	var b bytes.Buffer
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		_, err := io.CopyN(&b, r, fileChunk)
		if err == io.EOF {
			return b.Bytes(), nil
		}
		if err != nil {
			return nil, err
		}
	}
}
