// Package etag computes the entity tags that Context.File, Context.FileFS
// and middleware.Static send, so that the two agree on one rule.
//
// A file with a modification time, as on disk, gets a weak tag from its
// size and time: cheap, and right unless the file changes twice within the
// clock's resolution. A file without one, as in an embed.FS, gets a strong
// tag from a SHA-256 of its content, which a [Cache] computes once per
// file; the size is kept too, so that a changed file in a mutable fs.FS
// (fstest.MapFS) is hashed again. A tag from the size alone would keep a
// stale file in every cache after a redeploy that did not change its size.
package etag

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"io/fs"
	"strconv"
	"sync"
	"time"
)

// Weak returns a weak tag from a file's size and modification time.
func Weak(size int64, mod time.Time) string {
	return `W/"` + strconv.FormatInt(size, 36) + "-" + strconv.FormatInt(mod.UnixNano(), 36) + `"`
}

// Content returns a strong tag from a SHA-256 of content, read to its end,
// and seeks content back to its start.
func Content(content io.ReadSeeker) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, content); err != nil {
		return "", err
	}
	if _, err := content.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	return `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18]) + `"`, nil
}

// Cache remembers the content tags of files without a modification time.
// The zero Cache is ready to use; it may be used concurrently.
type Cache struct {
	m sync.Map // key → entry
}

type entry struct {
	size int64
	tag  string
}

// Tag returns the tag of the file fi, whose content is content: [Weak] if it
// has a modification time, else [Content], remembered under key (which must
// be comparable) for as long as the size stays the same.
func (c *Cache) Tag(key any, fi fs.FileInfo, content io.ReadSeeker) (string, error) {
	if mt := fi.ModTime(); !mt.IsZero() {
		return Weak(fi.Size(), mt), nil
	}
	if e, ok := c.m.Load(key); ok && e.(entry).size == fi.Size() {
		return e.(entry).tag, nil
	}
	tag, err := Content(content)
	if err != nil {
		return "", err
	}
	c.m.Store(key, entry{size: fi.Size(), tag: tag})
	return tag, nil
}
