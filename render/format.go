package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// DateLayout is the layout [Date] uses when none is given: "2 Jan 2006".
const DateLayout = "2 Jan 2006"

// Date formats a time.Time (or *time.Time) with the layout, or DateLayout
// when none is given: {{date .Created}}, {{date .Created "2006-01-02 15:04"}}.
// A zero or nil time gives "".
func Date(t any, layout ...string) (string, error) {
	var tm time.Time
	switch v := t.(type) {
	case time.Time:
		tm = v
	case *time.Time:
		if v != nil {
			tm = *v
		}
	case nil:
	default:
		return "", fmt.Errorf("render: date of %T, want time.Time", t)
	}
	if tm.IsZero() {
		return "", nil
	}
	l := DateLayout
	if len(layout) > 0 && layout[0] != "" {
		l = layout[0]
	}
	return tm.Format(l), nil
}

// Number formats an integer or a float with thousands separators:
// {{number 1234567}} is "1,234,567", {{number 1234.5 2}} is "1,234.50".
// Floats get the given number of decimals, or as few as they need when
// none is given.
func Number(n any, decimals ...int) (string, error) {
	var s string
	switch v := n.(type) {
	case int:
		s = strconv.FormatInt(int64(v), 10)
	case int8, int16, int32, int64:
		s = fmt.Sprint(v)
	case uint, uint8, uint16, uint32, uint64, uintptr:
		s = fmt.Sprint(v)
	case float32:
		s = formatFloat(float64(v), decimals)
	case float64:
		s = formatFloat(v, decimals)
	default:
		return "", fmt.Errorf("render: number of %T, want a number", n)
	}
	return groupThousands(s), nil
}

func formatFloat(f float64, decimals []int) string {
	prec := -1
	if len(decimals) > 0 && decimals[0] >= 0 {
		prec = decimals[0]
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', prec, 64)
}

func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) <= 3 || strings.ContainsAny(intPart, "InfNa") {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	first := len(intPart) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(intPart[:first])
	for i := first; i < len(intPart); i += 3 {
		b.WriteByte(',')
		b.WriteString(intPart[i : i+3])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Pluralize returns the count and the word in the right number, as Rails'
// pluralize: {{pluralize 1 "comment"}} is "1 comment", {{pluralize 3
// "comment"}} is "3 comments", {{pluralize 2 "person" "people"}} is "2
// people". Without a plural form, "s" is added to the singular.
func Pluralize(count any, singular string, plural ...string) (string, error) {
	var n float64
	switch v := count.(type) {
	case int:
		n = float64(v)
	case int64:
		n = float64(v)
	case int32:
		n = float64(v)
	case uint:
		n = float64(v)
	case uint64:
		n = float64(v)
	case float64:
		n = v
	case float32:
		n = float64(v)
	default:
		return "", fmt.Errorf("render: pluralize of %T, want a number", count)
	}
	word := singular
	if n != 1 {
		if len(plural) > 0 && plural[0] != "" {
			word = plural[0]
		} else {
			word = singular + "s"
		}
	}
	return fmt.Sprint(count) + " " + word, nil
}

// Truncate shortens s to at most n characters (runes), ending with "…"
// when it cut: {{truncate .Body 100}}.
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n-1 {
			break
		}
		count++
	}
	return strings.TrimRightFunc(s[:i], isSpace) + "…"
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }
