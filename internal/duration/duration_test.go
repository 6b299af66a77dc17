package duration_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon/internal/duration"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"5", 5 * time.Second, ""},
		{"250ms", 250 * time.Millisecond, ""},
		{"1m30s", 90 * time.Second, ""},
		{"0", 0, ""},
		{"-5s", 0, "negative"},
		{"-5", 0, "negative"},
		{"soon", 0, "invalid duration"},
		{"99999999999999", 0, "too long"},
	} {
		got, err := duration.Parse(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q) = %v, %v; want an error with %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestFromTOML(t *testing.T) {
	for in, want := range map[string]time.Duration{`5`: 5 * time.Second, `"2m"`: 2 * time.Minute, `"7"`: 7 * time.Second} {
		if got, err := duration.FromTOML([]byte(in)); err != nil || got != want {
			t.Errorf("FromTOML(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{`-1`, `1.5`, `true`, `"-3s"`} {
		if _, err := duration.FromTOML([]byte(in)); err == nil {
			t.Errorf("FromTOML(%s): no error", in)
		}
	}
}
