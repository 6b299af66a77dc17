package duration_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/pylonweb/pylon/internal/duration"
)

// FuzzParse checks the package's rule on any text: a duration Parse
// accepts is not negative, and its time.Duration form reads back as the
// same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"5", "250ms", "1m30s", "0", "-5", "-0s", "+7", "1.5h", "9223372036", "2562047h47m16.854775807s", "soon", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := duration.Parse(s)
		if err != nil {
			if d != 0 {
				t.Fatalf("Parse(%q) = %v with error %v; want 0", s, d, err)
			}
			return
		}
		if d < 0 {
			t.Fatalf("Parse(%q) = %v, a negative duration", s, d)
		}
		if again, err := duration.Parse(d.String()); err != nil || again != d {
			t.Fatalf("Parse(%q) = %v, but Parse(%q) = %v, %v", s, d, d.String(), again, err)
		}
	})
}

// FuzzFromTOML feeds FromTOML any bytes as a TOML value: it must return an
// error or a duration that is not negative, and a duration it returns,
// written as a TOML string, reads back as the same value.
func FuzzFromTOML(f *testing.F) {
	for _, s := range []string{`5`, `"2m"`, `"7"`, `-1`, `1.5`, `true`, `"-3s"`, `{a = 1}`, `[1, 2]`, `9223372036854775807`, "5\nw = 1", `'1h'`, `"""1s"""`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := duration.FromTOML(data)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("FromTOML(%q) = %v, a negative duration", data, d)
		}
		q := strconv.Quote(d.String())
		if again, err := duration.FromTOML([]byte(q)); err != nil || again != d {
			t.Fatalf("FromTOML(%q) = %v, but FromTOML(%s) = %v, %v", data, d, q, again, err)
		}
		if n := int64(d / time.Second); d%time.Second == 0 {
			if again, err := duration.FromTOML([]byte(strconv.FormatInt(n, 10))); err != nil || again != d {
				t.Fatalf("FromTOML(%q) = %v, but FromTOML(%d) = %v, %v", data, d, n, again, err)
			}
		}
	})
}
