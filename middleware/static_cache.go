package middleware

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"io/fs"
	"strconv"
	"strings"
)

type etagEntry struct {
	size int64
	etag string
}

// etag returns the file's entity tag. A file with a modification time, as on
// disk, gets a weak tag from its size and time: cheap, and right unless the
// file changes twice within the clock's resolution. A file without one, as
// in an embed.FS, gets a strong tag from a SHA-256 of its content, computed
// once and cached by name; the size is kept too, so that a changed file in a
// mutable fs.FS (fstest.MapFS) is hashed again.
func (s *static) etag(name string, fi fs.FileInfo, content io.ReadSeeker) (string, error) {
	if mt := fi.ModTime(); !mt.IsZero() {
		return `W/"` + strconv.FormatInt(fi.Size(), 36) + "-" + strconv.FormatInt(mt.UnixNano(), 36) + `"`, nil
	}
	if e, ok := s.etags.Load(name); ok && e.(etagEntry).size == fi.Size() {
		return e.(etagEntry).etag, nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, content); err != nil {
		return "", err
	}
	if _, err := content.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	etag := `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18]) + `"`
	s.etags.Store(name, etagEntry{size: fi.Size(), etag: etag})
	return etag, nil
}

func (s *static) cacheControl(baseName string) string {
	switch {
	case s.cfg.Immutable != nil && s.cfg.Immutable(baseName):
		return "public, max-age=31536000, immutable"
	case s.cfg.MaxAge > 0:
		return "public, max-age=" + strconv.FormatInt(int64(s.cfg.MaxAge.Seconds()), 10)
	default:
		return "no-cache"
	}
}

// IsHashedName reports whether a file name looks like bundler output with a
// content hash: a last part, before the extension and after a "." or "-",
// of at least 8 letters and digits with at least one of each, as in
// "app.3f9a1c2b.js", "index-BXl9q2Jd.js" or "chunk-5GQ7ZK2M.css".
// "app-settings.js" is not hashed. It is a heuristic for
// [StaticConfig.Immutable]: a hash without a digit is missed, which only
// costs caching.
func IsHashedName(name string) bool {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	dot := strings.LastIndexByte(name, '.')
	if dot <= 0 {
		return false
	}
	stem := name[:dot]
	part := stem[strings.LastIndexAny(stem, ".-")+1:]
	if len(part) < 8 || len(part) == len(stem) {
		return false
	}
	var letter, digit bool
	for i := 0; i < len(part); i++ {
		switch c := part[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letter = true
		default:
			return false
		}
	}
	return letter && digit
}
