package vary

import (
	"net/http"
	"slices"
	"testing"
)

func TestAdd(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before []string
		token  string
		want   []string
	}{
		{"empty", nil, "Cookie", []string{"Cookie"}},
		{"other", []string{"Accept"}, "Cookie", []string{"Accept", "Cookie"}},
		{"same", []string{"Cookie"}, "Cookie", []string{"Cookie"}},
		{"case", []string{"cookie"}, "Cookie", []string{"cookie"}},
		{"in a list", []string{"Accept-Encoding, Cookie"}, "Cookie", []string{"Accept-Encoding, Cookie"}},
		{"star", []string{"*"}, "Cookie", []string{"*"}},
		{"prefix is not the token", []string{"Cookies"}, "Cookie", []string{"Cookies", "Cookie"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.before != nil {
				h["Vary"] = slices.Clone(tc.before)
			}
			Add(h, tc.token)
			if got := h["Vary"]; !slices.Equal(got, tc.want) {
				t.Errorf("Vary = %q, want %q", got, tc.want)
			}
		})
	}
}
