package httpcache

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// cacheControl holds the Cache-Control directives the middleware obeys.
type cacheControl struct {
	noStore, noCache, private, public bool
	maxAge, sMaxAge                   time.Duration
	hasMaxAge, hasSMaxAge             bool
}

func parseCacheControl(h http.Header) cacheControl {
	var cc cacheControl
	for _, line := range h.Values("Cache-Control") {
		for part := range strings.SplitSeq(line, ",") {
			name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
			switch strings.ToLower(name) {
			case "no-store":
				cc.noStore = true
			case "no-cache":
				cc.noCache = true
			case "private":
				cc.private = true
			case "public":
				cc.public = true
			case "max-age":
				cc.maxAge, cc.hasMaxAge = seconds(value)
			case "s-maxage":
				cc.sMaxAge, cc.hasSMaxAge = seconds(value)
			}
		}
	}
	return cc
}

// seconds parses a delta-seconds value; a malformed one reads as 0, which
// RFC 9111 treats as stale. A value too large to represent is 2^31, as
// RFC 9111 (1.2.2) requires, not malformed.
func seconds(v string) (time.Duration, bool) {
	n, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64)
	if errors.Is(err, strconv.ErrRange) && n > 0 {
		err = nil
	}
	if err != nil || n < 0 {
		return 0, true
	}
	return time.Duration(min(n, 1<<31)) * time.Second, true
}

// ttl returns the lifetime the response's directives give it: s-maxage,
// then max-age; ok is false if they give none.
func (cc cacheControl) ttl() (time.Duration, bool) {
	if cc.hasSMaxAge {
		return cc.sMaxAge, true
	}
	if cc.hasMaxAge {
		return cc.maxAge, true
	}
	return 0, false
}
