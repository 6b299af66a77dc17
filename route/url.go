package route

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// URL builds the path of the route named name; see [Route.URL].
func (rt *Router) URL(name string, pairs ...any) (string, error) {
	r := rt.names[name]
	if r == nil {
		return "", fmt.Errorf("route: no route named %q", name)
	}
	return r.URL(pairs...)
}

// URL builds a URL for the route from name, value pairs: rt.URL("user", "id",
// 42) gives "/users/42" for "/users/{id}". Names are strings; values are
// formatted with fmt.Sprint. Each value fills the wildcard of that name,
// escaped as a path segment; pairs that name no wildcard become the query
// string, in the given order. It is an error if the pair count is odd, a
// name is not a string, a wildcard has no value, or a value cannot match
// (see [Pattern.Build]).
func (r *Route) URL(pairs ...any) (string, error) {
	if len(pairs)%2 != 0 {
		return "", fmt.Errorf("route %s: odd number of arguments (%d): want name, value pairs", r.label(), len(pairs))
	}
	n := len(pairs) / 2
	keys, vals := make([]string, n), make([]string, n)
	used := make([]bool, n)
	for i := 0; i < n; i++ {
		k, ok := pairs[2*i].(string)
		if !ok {
			return "", fmt.Errorf("route %s: argument %d is %T, want a string name", r.label(), 2*i, pairs[2*i])
		}
		keys[i], vals[i] = k, toString(pairs[2*i+1])
	}
	path, err := r.parsed.Build(func(name string) (string, bool) {
		for i, k := range keys {
			if k == name {
				used[i] = true
				return vals[i], true
			}
		}
		return "", false
	})
	if err != nil {
		return "", fmt.Errorf("route %s: %w", r.label(), err)
	}
	sep := byte('?')
	for i, k := range keys {
		if !used[i] {
			path += string(sep) + url.QueryEscape(k) + "=" + url.QueryEscape(vals[i])
			sep = '&'
		}
	}
	return path, nil
}

// label names the route in errors: its name, else its pattern.
func (r *Route) label() string {
	if r.name != "" {
		return strconv.Quote(r.name) + " (" + r.pattern + ")"
	}
	return r.pattern
}

func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	}
	return fmt.Sprint(v)
}

// Build expands the pattern with values, which returns the unescaped value
// of a wildcard and whether it has one. Each value is escaped as one path
// segment, so a '/' in it becomes %2F; a {name...} value keeps its slashes
// and has each of its segments escaped. Build fails if a wildcard has no
// value, a value breaks its requirement, or a value could not match the
// built path: an empty, "." or ".." segment (except that a {name...} value
// may be empty or end with a slash).
func (p *Pattern) Build(values func(name string) (string, bool)) (string, error) {
	var b strings.Builder
	for _, s := range p.segments {
		b.WriteByte('/')
		switch s.kind {
		case literal:
			b.WriteString(url.PathEscape(s.s))
		case wild, wildRe:
			v, ok := values(s.s)
			if !ok {
				return "", fmt.Errorf("missing value for {%s}", s.s)
			}
			if v == "" || v == "." || v == ".." {
				return "", fmt.Errorf("value %q for {%s} would not be a matchable segment", v, s.s)
			}
			if s.re != nil && !s.re.MatchString(v) {
				return "", fmt.Errorf("value %q for {%s} does not match requirement %s", v, s.s, s.reSrc)
			}
			b.WriteString(url.PathEscape(v))
		case multi:
			if s.s == "" {
				break // trailing slash
			}
			v, ok := values(s.s)
			if !ok {
				return "", fmt.Errorf("missing value for {%s...}", s.s)
			}
			if err := writeRest(&b, v); err != nil {
				return "", fmt.Errorf("value %q for {%s...}: %w", v, s.s, err)
			}
		}
	}
	return b.String(), nil
}

func writeRest(b *strings.Builder, v string) error {
	for i := 0; ; i++ {
		seg, rest, more := strings.Cut(v, "/")
		if seg == "." || seg == ".." || (seg == "" && more) {
			return errors.New("empty, \".\" or \"..\" segment")
		}
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(seg))
		if !more {
			return nil
		}
		v = rest
	}
}
