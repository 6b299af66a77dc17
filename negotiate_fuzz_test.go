package pylon

import (
	"slices"
	"strings"
	"testing"
)

// errorOffers are the types DefaultErrorHandler offers, in its order.
var errorOffers = []string{"application/problem+json", "application/json", "text/html", "text/plain"}

// FuzzNegotiate checks negotiate against what Negotiate's doc promises,
// on any Accept header and the error handler's offers plus one more:
// the answer is one of the offers or ""; the first offer when Accept is
// blank; and, since media types and the q parameter are case-insensitive,
// the same offer whatever the case of the header or of the offers.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{
		"", "*/*", "text/html", "application/json;q=0.9, text/html",
		"text/*;q=0.5, */*;q=0.1", "application/problem+json", "text/html;q=0, */*",
		"text/html;Q=0, */*", "text/plain; charset=utf-8; q=0.3", "image/png", ",,;;q=",
	} {
		f.Add(s, "application/xml")
	}
	f.Fuzz(func(t *testing.T, accept, extra string) {
		offers := append(slices.Clone(errorOffers), extra)
		got := negotiate(accept, offers)
		i := slices.Index(offers, got)
		if got != "" && i < 0 {
			t.Fatalf("negotiate(%q) = %q, not an offer", accept, got)
		}
		if strings.TrimSpace(accept) == "" && got != offers[0] {
			t.Fatalf("negotiate(%q) = %q, want the first offer", accept, got)
		}
		upper := make([]string, len(offers))
		for j, o := range offers {
			upper[j] = asciiUpper(o)
		}
		for _, a := range []string{asciiUpper(accept), asciiLower(accept)} {
			for _, o := range [][]string{offers, upper} {
				g := negotiate(a, o)
				if slices.Index(o, g) != i {
					t.Fatalf("negotiate(%q, %q) = %q, but negotiate(%q, %q) = %q", accept, offers, got, a, o, g)
				}
			}
		}
	})
}

func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}
