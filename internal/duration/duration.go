// Package duration reads the durations of Pylon's TOML configuration, for
// the root package's Duration and for parts that cannot import it (cache),
// so that every section reads them by one rule: a whole number is seconds,
// a string is a Go duration ("250ms", "1m30s") or a whole number of
// seconds, and a negative value is an error.
package duration

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// Parse reads a duration from text: a Go duration or a whole number of
// seconds.
func Parse(s string) (time.Duration, error) {
	var v time.Duration
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return Seconds(n)
	} else if v, err = time.ParseDuration(s); err != nil {
		return 0, fmt.Errorf("invalid duration %q: want a Go duration such as \"5s\" or \"1m30s\", or a whole number of seconds", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("negative duration %s", s)
	}
	return v, nil
}

// FromTOML reads a duration from a TOML value, as go-toml hands it to an
// UnmarshalTOML method (with its decoder's EnableUnmarshalerInterface on):
// an integer is a number of seconds, a string is read by Parse. Its errors
// carry data's position, so that go-toml reports the line, the column and
// the key.
func FromTOML(data []byte) (time.Duration, error) {
	var doc struct {
		V any `toml:"v"`
	}
	if err := toml.Unmarshal(append([]byte("v = "), data...), &doc); err != nil {
		// Not a single value but a table's lines, which go-toml assembles
		// into a new slice: no position to report.
		return 0, errors.New("want a duration such as \"5s\" or a whole number of seconds, not a table")
	}
	var d time.Duration
	var err error
	switch v := doc.V.(type) {
	case int64:
		d, err = Seconds(v)
	case string:
		d, err = Parse(v)
	default:
		err = fmt.Errorf("want a duration such as \"5s\" or a whole number of seconds, not %s", data)
	}
	if err != nil {
		// data is a slice of the document, so go-toml turns this into an
		// error with the line, the column and the key.
		return 0, &unstable.ParserError{Highlight: data, Message: err.Error()}
	}
	return d, nil
}

// Seconds converts a whole number of seconds to a duration.
func Seconds(n int64) (time.Duration, error) {
	if n < 0 {
		return 0, fmt.Errorf("negative duration %ds", n)
	}
	if n > math.MaxInt64/int64(time.Second) {
		return 0, fmt.Errorf("duration %ds is too long", n)
	}
	return time.Duration(n) * time.Second, nil
}
