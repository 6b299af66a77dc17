package route

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// segmentKind says what a pattern segment matches.
type segmentKind uint8

const (
	literal  segmentKind = iota // a fixed segment, e.g. "users"
	wild                        // {name}: one non-empty segment
	wildRe                      // {name:re}: one non-empty segment whose decoded value matches re
	multi                       // {name...} or a trailing slash: the rest of the path, possibly empty
	endSlash                    // {$}: the path ends with a slash here
)

// segment is one slash-separated piece of a pattern.
type segment struct {
	kind  segmentKind
	s     string // literal: decoded text; wildcards: the name ("" for an anonymous trailing slash)
	reSrc string // wildRe: the expression as written
	re    *regexp.Regexp
}

// Pattern is a parsed path pattern in ServeMux syntax with optional
// requirements, such as "/users/{id:[0-9]+}" or "/static/{path...}".
// A Pattern is immutable and safe for concurrent use.
type Pattern struct {
	str      string
	segments []segment
	names    []string // wildcard names in order; anonymous trailing slashes are not named
}

// ParsePattern parses a path pattern. The path starts with "/" and is made of
// slash-separated segments, each either a literal (percent-escapes are
// decoded) or a whole-segment wildcard: "{name}", "{name:regexp}",
// "{name...}" (last segment only) or "{$}" (last segment only, after a
// slash). A pattern ending in "/" matches the whole subtree below it.
// Wildcard names must be distinct Go identifiers; regexps use Go syntax and
// are anchored at both ends.
func ParsePattern(pattern string) (*Pattern, error) {
	p, err := parsePattern(pattern)
	if err != nil {
		return nil, fmt.Errorf("route: pattern %q: %w", pattern, err)
	}
	return p, nil
}

func parsePattern(s string) (*Pattern, error) {
	if s == "" || s[0] != '/' {
		return nil, errors.New("must begin with '/'")
	}
	p := &Pattern{str: s}
	rest := s
	for len(rest) > 0 {
		rest = rest[1:] // drop the slash
		if rest == "" {
			p.segments = append(p.segments, segment{kind: multi})
			break
		}
		seg := rest
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			seg, rest = rest[:i], rest[i:]
		} else {
			rest = ""
		}
		if !strings.Contains(seg, "{") {
			if strings.Contains(seg, "}") {
				return nil, fmt.Errorf("literal segment %q contains '}'", seg)
			}
			dec, err := url.PathUnescape(seg)
			if err != nil {
				return nil, fmt.Errorf("literal segment %q: %w", seg, err)
			}
			if dec == "" || dec == "." || dec == ".." {
				return nil, fmt.Errorf("empty, \".\" or \"..\" segment can never match a clean path")
			}
			p.segments = append(p.segments, segment{kind: literal, s: dec})
			continue
		}
		if seg[0] != '{' || seg[len(seg)-1] != '}' {
			return nil, fmt.Errorf("bad wildcard segment %q (a wildcard must be a whole segment)", seg)
		}
		inner := seg[1 : len(seg)-1]
		if inner == "$" {
			if rest != "" {
				return nil, errors.New("{$} not at end")
			}
			p.segments = append(p.segments, segment{kind: endSlash})
			break
		}
		name, reSrc, hasRe := strings.Cut(inner, ":")
		name, isMulti := strings.CutSuffix(name, "...")
		if !isIdentifier(name) {
			return nil, fmt.Errorf("bad wildcard name %q", name)
		}
		if containsString(p.names, name) {
			return nil, fmt.Errorf("duplicate wildcard name %q", name)
		}
		p.names = append(p.names, name)
		switch {
		case isMulti && hasRe:
			return nil, fmt.Errorf("{%s...} cannot have a requirement", name)
		case isMulti:
			if rest != "" {
				return nil, fmt.Errorf("{%s...} not at end", name)
			}
			p.segments = append(p.segments, segment{kind: multi, s: name})
		case hasRe:
			if reSrc == "" {
				return nil, fmt.Errorf("empty requirement for {%s}", name)
			}
			re, err := regexp.Compile(`^(?:` + reSrc + `)$`)
			if err != nil {
				return nil, fmt.Errorf("requirement for {%s}: %w", name, err)
			}
			p.segments = append(p.segments, segment{kind: wildRe, s: name, reSrc: reSrc, re: re})
		default:
			p.segments = append(p.segments, segment{kind: wild, s: name})
		}
	}
	return p, nil
}

// String returns the pattern as it was written.
func (p *Pattern) String() string { return p.str }

// Names returns the wildcard names in the order they appear.
// The caller must not modify the returned slice.
func (p *Pattern) Names() []string { return p.names }

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if !unicode.IsLetter(c) && c != '_' && (i == 0 || !unicode.IsDigit(c)) {
			return false
		}
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
