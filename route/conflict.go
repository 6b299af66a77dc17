package route

import (
	"fmt"
	"strings"
)

// relationship is how the request sets of two patterns compare, as in
// net/http's ServeMux: two patterns conflict when they match the same requests
// or overlap without one being more specific.
type relationship uint8

const (
	equivalent relationship = iota
	moreGeneral
	moreSpecific
	disjoint
	overlaps
)

// conflict returns a description of why routes a (new) and b (registered)
// conflict, or "" if they do not.
func conflict(a, b *Route) string {
	mrel := compareMethods(a.Method, b.Method)
	if mrel == disjoint {
		return ""
	}
	prel := comparePaths(a.parsed, b.parsed)
	switch rel := combine(mrel, prel); {
	case rel == equivalent:
		return fmt.Sprintf("%s and %s match the same requests", a.pattern, b.pattern)
	case rel != overlaps:
		return ""
	case prel == overlaps:
		return fmt.Sprintf("%s and %s both match some paths, like %q, but neither is more specific than the other",
			a.pattern, b.pattern, commonPath(a.parsed, b.parsed))
	case mrel == moreGeneral:
		return fmt.Sprintf("%s matches more methods than %s, but has a more specific path", a.pattern, b.pattern)
	default:
		return fmt.Sprintf("%s matches fewer methods than %s, but has a more general path", a.pattern, b.pattern)
	}
}

func compareMethods(m1, m2 string) relationship {
	switch {
	case m1 == m2:
		return equivalent
	case m1 == "":
		return moreGeneral
	case m2 == "":
		return moreSpecific
	case m1 == "GET" && m2 == "HEAD":
		return moreGeneral
	case m1 == "HEAD" && m2 == "GET":
		return moreSpecific
	}
	return disjoint
}

func comparePaths(p1, p2 *Pattern) relationship {
	s1, s2 := p1.segments, p2.segments
	last1, last2 := s1[len(s1)-1].kind == multi, s2[len(s2)-1].kind == multi
	if len(s1) != len(s2) && !last1 && !last2 {
		return disjoint
	}
	rel := equivalent
	for ; len(s1) > 0 && len(s2) > 0; s1, s2 = s1[1:], s2[1:] {
		if rel = combine(rel, compareSegments(s1[0], s2[0])); rel == disjoint {
			return rel
		}
	}
	switch {
	case len(s1) == 0 && len(s2) == 0:
		return rel
	case len(s1) < len(s2) && last1:
		return combine(rel, moreGeneral)
	case len(s2) < len(s1) && last2:
		return combine(rel, moreSpecific)
	}
	return disjoint
}

// compareSegments extends ServeMux's rule with requirements: a requirement
// is more specific than a plain wildcard, more general than a literal it
// accepts, and disjoint from a literal it rejects. Two different
// requirements are taken as disjoint: regexps cannot be compared in general,
// so the one registered first is tried first.
func compareSegments(a, b segment) relationship {
	switch {
	case a.kind == multi && b.kind == multi:
		return equivalent
	case a.kind == multi:
		return moreGeneral
	case b.kind == multi:
		return moreSpecific
	}
	ra, rb := rank(a), rank(b)
	switch {
	case a.kind == endSlash || b.kind == endSlash:
		if a.kind == b.kind {
			return equivalent
		}
		return disjoint
	case a.kind == literal && b.kind == literal:
		if a.s == b.s {
			return equivalent
		}
		return disjoint
	case a.kind == wildRe && b.kind == wildRe:
		if a.reSrc == b.reSrc {
			return equivalent
		}
		return disjoint
	case a.kind == wildRe && b.kind == literal:
		if a.re.MatchString(b.s) {
			return moreGeneral
		}
		return disjoint
	case b.kind == wildRe && a.kind == literal:
		if b.re.MatchString(a.s) {
			return moreSpecific
		}
		return disjoint
	case ra == rb:
		return equivalent
	case ra < rb:
		return moreSpecific
	}
	return moreGeneral
}

// rank orders segment kinds from most to least specific.
func rank(s segment) int {
	switch s.kind {
	case literal, endSlash:
		return 0
	case wildRe:
		return 1
	case wild:
		return 2
	}
	return 3
}

func combine(r1, r2 relationship) relationship {
	switch r1 {
	case equivalent:
		return r2
	case disjoint:
		return disjoint
	case overlaps:
		if r2 == disjoint {
			return disjoint
		}
		return overlaps
	}
	// r1 is moreGeneral or moreSpecific.
	switch {
	case r2 == equivalent:
		return r1
	case r2 == moreGeneral && r1 == moreSpecific, r2 == moreSpecific && r1 == moreGeneral:
		return overlaps
	}
	return r2
}

// commonPath returns a path that both patterns match, for error messages.
func commonPath(p1, p2 *Pattern) string {
	var b strings.Builder
	s1, s2 := p1.segments, p2.segments
	for ; len(s1) > 0 && len(s2) > 0; s1, s2 = s1[1:], s2[1:] {
		if s1[0].kind == literal || s1[0].kind == endSlash {
			writeExample(&b, s1[0])
		} else {
			writeExample(&b, s2[0])
		}
	}
	for _, s := range s1 {
		writeExample(&b, s)
	}
	for _, s := range s2 {
		writeExample(&b, s)
	}
	return b.String()
}

func writeExample(b *strings.Builder, s segment) {
	b.WriteByte('/')
	switch s.kind {
	case literal:
		b.WriteString(s.s)
	case wild, wildRe:
		b.WriteString(s.s)
	}
}
