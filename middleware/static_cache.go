package middleware

import (
	"io"
	"io/fs"
	"strconv"
	"strings"
)

// etag returns the file's entity tag; see package internal/etag for the
// rule, which Context.File follows too.
func (s *static) etag(name string, fi fs.FileInfo, content io.ReadSeeker) (string, error) {
	return s.etags.Tag(name, fi, content)
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
