package middleware

import (
	"net/http"
	"slices"
	"testing"
)

func TestAddVary(t *testing.T) {
	tests := []struct {
		have []string
		add  string
		want []string
	}{
		{nil, "Origin", []string{"Origin"}},
		{[]string{"Origin"}, "origin", []string{"Origin"}},
		{[]string{"Accept-Encoding, Origin"}, "Origin", []string{"Accept-Encoding, Origin"}},
		{[]string{"*"}, "Origin", []string{"*"}},
		{[]string{"Accept-Encoding"}, "Origin", []string{"Accept-Encoding", "Origin"}},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.have != nil {
			h["Vary"] = slices.Clone(tt.have)
		}
		addVary(h, tt.add)
		if !slices.Equal(h["Vary"], tt.want) {
			t.Errorf("addVary(%q, %q) = %q, want %q", tt.have, tt.add, h["Vary"], tt.want)
		}
	}
}
