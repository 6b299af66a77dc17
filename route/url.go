package route

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
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
// 42) gives "/users/42" for "/users/{id}". Names are strings. Values are
// formatted with fmt.Sprint; a string or a []byte is used as it is.
//
// A pair whose name is a wildcard's fills that wildcard (the first such pair,
// if several), escaped as a path segment; a wildcard takes one value, not a
// slice. The other pairs become the query string, in the given order. A
// slice or array value there, such as "tag", []string{"a", "b"}, repeats the
// name for each element in order ("tag=a&tag=b"), as [url.Values.Encode]
// does, and an empty one adds nothing; a []byte, or a slice with a String or
// Error method, is one value.
//
// It is an error if the pair count is odd, a name is not a string, a
// wildcard has no value or is given a slice, a value or an element is nil (an
// untyped nil or a nil pointer), an element is itself a slice, or a value
// cannot match its wildcard (see [Pattern.Build]).
func (r *Route) URL(pairs ...any) (string, error) {
	if len(pairs)%2 != 0 {
		return "", fmt.Errorf("route %s: odd number of arguments (%d): want name, value pairs", r.label(), len(pairs))
	}
	n := len(pairs) / 2
	keys := make([]string, n)
	used := make([]bool, n)
	for i := range n {
		k, ok := pairs[2*i].(string)
		if !ok {
			return "", fmt.Errorf("route %s: argument %d is %T, want a string name", r.label(), 2*i, pairs[2*i])
		}
		keys[i] = k
	}
	var valueErr error
	path, err := r.parsed.Build(func(name string) (string, bool) {
		i := slices.Index(keys, name)
		if i < 0 {
			return "", false
		}
		used[i] = true
		v := pairs[2*i+1]
		s, ok := formatOne(v)
		if !ok {
			valueErr = badValue(v, "{"+name+"}", "a path parameter takes one value")
			return "", false
		}
		return s, true
	})
	if valueErr != nil {
		err = valueErr
	}
	if err != nil {
		return "", fmt.Errorf("route %s: %w", r.label(), err)
	}
	if !slices.Contains(used, false) {
		return path, nil // no query: the path as Build made it
	}
	q := query{b: []byte(path)}
	for i, k := range keys {
		if used[i] {
			continue
		}
		if err := q.add(k, pairs[2*i+1]); err != nil {
			return "", fmt.Errorf("route %s: %w", r.label(), err)
		}
	}
	return string(q.b), nil
}

// query appends query parameters to a path.
type query struct {
	b    []byte
	more bool // b has a parameter
}

// add appends key=v, or key=e for each element e of v if v is a list.
func (q *query) add(key string, v any) error {
	if vs, ok := v.([]string); ok {
		for _, s := range vs {
			q.append(key, s)
		}
		return nil
	}
	rv, ok := list(v)
	if !ok {
		s, ok := formatOne(v)
		if !ok {
			return fmt.Errorf("nil value for query parameter %q", key)
		}
		q.append(key, s)
		return nil
	}
	for i := range rv.Len() {
		e := rv.Index(i).Interface()
		s, ok := formatOne(e)
		if !ok {
			return badValue(e, fmt.Sprintf("an element of query parameter %q", key), "lists do not nest")
		}
		q.append(key, s)
	}
	return nil
}

func (q *query) append(key, value string) {
	if q.more {
		q.b = append(q.b, '&')
	} else {
		q.b = append(q.b, '?')
		q.more = true
	}
	q.b = append(q.b, url.QueryEscape(key)...)
	q.b = append(q.b, '=')
	q.b = append(q.b, url.QueryEscape(value)...)
}

// formatOne formats v as one parameter value. It reports false if v is nil
// (an untyped nil or a nil pointer) or a list (see [list]).
func formatOne(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case string:
		return v, true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case []byte:
		return string(v), true
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return "", false
	}
	if _, ok := list(v); ok {
		return "", false
	}
	return fmt.Sprint(v), true
}

// list reports whether v holds several values: a slice or an array, other
// than a []byte or a value with a String or Error method, which fmt formats
// as one.
func list(v any) (reflect.Value, bool) {
	switch v.(type) {
	case []byte, fmt.Stringer, error:
		return reflect.Value{}, false
	}
	rv := reflect.ValueOf(v)
	k := rv.Kind()
	return rv, k == reflect.Slice || k == reflect.Array
}

// badValue describes a value that formatOne refused for where: nil, or a
// list, which rule forbids.
func badValue(v any, where, rule string) error {
	if v == nil || reflect.ValueOf(v).Kind() == reflect.Pointer {
		return fmt.Errorf("nil value for %s", where)
	}
	return fmt.Errorf("%T value for %s: %s", v, where, rule)
}

// label names the route in errors: its name, else its pattern.
func (r *Route) label() string {
	if r.name != "" {
		return strconv.Quote(r.name) + " (" + r.pattern + ")"
	}
	return r.pattern
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
