package httpcache

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// entry is what the middleware stores: a response, or, under the base key
// of a resource whose responses vary, the names of the request headers
// that select a variant.
type entry struct {
	// Vary is set on a variant marker, which holds nothing else.
	Vary   []string    `json:"vary,omitempty"`
	Status int         `json:"status,omitempty"`
	Header http.Header `json:"header,omitempty"`
	Body   []byte      `json:"body,omitempty"`
	ETag   string      `json:"etag,omitempty"`
	Stored time.Time   `json:"stored,omitzero"`
}

func (e entry) isMarker() bool { return e.Status == 0 && len(e.Vary) > 0 }

// bodyETag is a strong entity tag from a hash of body.
func bodyETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// matches reports whether an If-None-Match header lists etag, by the weak
// comparison RFC 9110 prescribes for it.
func matches(ifNoneMatch []string, etag string) bool {
	etag = strings.TrimPrefix(etag, "W/")
	for _, line := range ifNoneMatch {
		for {
			line = strings.TrimLeft(line, " \t,")
			if line == "" {
				break
			}
			tag := nextTag(line)
			line = line[len(tag):]
			tag = strings.TrimSpace(tag)
			if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
				return true
			}
		}
	}
	return false
}

// nextTag returns the list element at the start of list, up to the next
// comma that is not inside the element's quoted tag: a tag may hold commas
// (RFC 9110, 8.8.3), as in "v1,2".
func nextTag(list string) string {
	start := 0
	if opaque := strings.TrimPrefix(list, "W/"); strings.HasPrefix(opaque, `"`) {
		q := len(list) - len(opaque)
		if end := strings.IndexByte(list[q+1:], '"'); end >= 0 {
			start = q + 1 + end + 1
		}
	}
	if i := strings.IndexByte(list[start:], ','); i >= 0 {
		return list[:start+i]
	}
	return list
}

// notModifiedHeaders are the headers a 304 repeats (RFC 9110 15.4.5).
var notModifiedHeaders = []string{"Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary"}

// unstoredHeaders are dropped from a stored response: the server or the
// middleware sets them afresh on each hit.
var unstoredHeaders = []string{"Date", "Age", "X-Cache", "Connection", "Keep-Alive", "Transfer-Encoding"}
