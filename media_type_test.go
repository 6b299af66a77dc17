package pylon

import (
	"mime"
	"strings"
	"testing"
)

func TestMediaType(t *testing.T) {
	for in, want := range map[string]string{
		"multipart/form-data; boundary=x":   "multipart/form-data",
		"Multipart/Form-Data; boundary=x":   "multipart/form-data",
		" application/json ":                "application/json",
		"application/x-www-form-urlencoded": "application/x-www-form-urlencoded",
		"":                                  "",
		"A/\u212a":                          "a/\u212a",
		"a/\u212a":                          "a/\u212a",
		"Application/JSON\xac":              "application/json\xac",
	} {
		if got := mediaType(in); got != want {
			t.Errorf("mediaType(%q) = %q, want %q", in, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { mediaType("multipart/form-data; boundary=x") }); n != 0 {
		t.Errorf("mediaType allocates %v times for a lower-case value", n)
	}
}

// FuzzMediaType checks mediaType against its doc on any Content-Type: the
// result is lower-case, has no parameters and no surrounding space, is
// its own media type, does not depend on the case of the header, and
// agrees with mime.ParseMediaType wherever that accepts the value.
func FuzzMediaType(f *testing.F) {
	for _, s := range []string{"multipart/form-data; boundary=x", "Application/JSON", " text/plain ;charset=utf-8", "", ";", "application/vnd.api+json"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ct string) {
		mt := mediaType(ct)
		if strings.ContainsRune(mt, ';') || strings.TrimSpace(mt) != mt || asciiLower(mt) != mt {
			t.Fatalf("mediaType(%q) = %q", ct, mt)
		}
		if again := mediaType(mt); again != mt {
			t.Fatalf("mediaType(%q) = %q, but mediaType(%q) = %q", ct, mt, mt, again)
		}
		if up := mediaType(asciiUpper(ct)); up != mt {
			t.Fatalf("mediaType(%q) = %q, but mediaType(%q) = %q", ct, mt, asciiUpper(ct), up)
		}
		if want, _, err := mime.ParseMediaType(ct); err == nil && want != mt {
			t.Fatalf("mediaType(%q) = %q, mime.ParseMediaType says %q", ct, mt, want)
		}
	})
}
