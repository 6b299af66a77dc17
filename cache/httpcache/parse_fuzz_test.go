package httpcache

import (
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzCacheControl reads any Cache-Control line: a lifetime is never
// negative nor over 2^31 seconds, directive names match in any case, and
// a max-age of digits gives that many seconds, or 2^31 when it is larger
// (RFC 9111, 1.2.2).
func FuzzCacheControl(f *testing.F) {
	for _, s := range []string{"max-age=60", "public, s-maxage=\"30\"", "no-store", "Max-Age=5, PRIVATE", "max-age=-1", "max-age=99999999999999999999", "max-age=1e3", ",,="} {
		f.Add(s)
	}
	limit := time.Duration(1<<31) * time.Second
	f.Fuzz(func(t *testing.T, line string) {
		cc := parseCacheControl(http.Header{"Cache-Control": {line}})
		if cc.maxAge < 0 || cc.maxAge > limit || cc.sMaxAge < 0 || cc.sMaxAge > limit {
			t.Fatalf("%q: max-age %v, s-maxage %v", line, cc.maxAge, cc.sMaxAge)
		}
		if up := parseCacheControl(http.Header{"Cache-Control": {strings.ToUpper(line)}}); up != cc && line == strings.ToLower(line) {
			t.Fatalf("%q gives %+v, its upper case %+v", line, cc, up)
		}
		if v, ok := strings.CutPrefix(line, "max-age="); ok && v != "" && strings.Trim(v, "0123456789") == "" {
			n, _ := new(big.Int).SetString(v, 10)
			want := limit
			if n.Cmp(big.NewInt(1<<31)) < 0 {
				want = time.Duration(n.Int64()) * time.Second
			}
			if !cc.hasMaxAge || cc.maxAge != want {
				t.Fatalf("%q: max-age %v, want %v", line, cc.maxAge, want)
			}
		}
	})
}

// FuzzMatches checks If-None-Match against any entity tag: a list that
// names the tag, strong or weak, among others matches it; a list of other
// tags does not.
func FuzzMatches(f *testing.F) {
	for _, s := range []string{`"abc"`, `W/"abc"`, `""`, `"a b"`, `"x,y"`} {
		f.Add(s, `"other"`)
	}
	f.Fuzz(func(t *testing.T, etag, other string) {
		if !validETag(etag) || !validETag(other) {
			return
		}
		opaque := strings.TrimPrefix(etag, "W/")
		for _, list := range [][]string{{etag}, {other + ", " + etag}, {etag + "," + other}, {other, "W/" + opaque}} {
			if !matches(list, etag) {
				t.Fatalf("If-None-Match %q does not match %s", list, etag)
			}
		}
		if opaque != strings.TrimPrefix(other, "W/") && matches([]string{other + " , " + other}, etag) {
			t.Fatalf("If-None-Match %q matches %s", other, etag)
		}
	})
}

// validETag reports whether s is an entity-tag (RFC 9110, 8.8.3).
func validETag(s string) bool {
	s = strings.TrimPrefix(s, "W/")
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return false
	}
	for _, c := range []byte(s[1 : len(s)-1]) {
		if c != 0x21 && (c < 0x23 || c == 0x7f) {
			return false
		}
	}
	return true
}
