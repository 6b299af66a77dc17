package pylon

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// decodeFunc sets v, an addressable value of a field's type, from the
// values sent for the field. It returns a FieldError without a name when
// a value does not convert. Empty values leave a non-string field (and
// a pointer) as it was, so that an empty input is "missing" (for
// required) rather than "not a number".
type decodeFunc func(v reflect.Value, vals []string) *FieldError

// setFunc sets v from one non-empty value.
type setFunc func(v reflect.Value, s string) *FieldError

var (
	timeType            = reflect.TypeFor[time.Time]()
	durationType        = reflect.TypeFor[time.Duration]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// timeLayouts are the layouts a time.Time field accepts: RFC 3339, the
// value of an HTML datetime-local input, and a date.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"}

// decoderFor returns the decoder for a field of type t, or nil when t is
// not a type that form values convert to: scalars, time.Time,
// encoding.TextUnmarshaler, pointers to those, and slices of those
// (from repeated keys).
func decoderFor(t reflect.Type) decodeFunc {
	if set := setterFor(t); set != nil {
		return func(v reflect.Value, vals []string) *FieldError {
			s := vals[0]
			if s == "" && t.Kind() != reflect.String {
				return nil
			}
			return set(v, s)
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		set := setterFor(t.Elem())
		if set == nil {
			return nil
		}
		return func(v reflect.Value, vals []string) *FieldError {
			s := vals[0]
			if s == "" {
				return nil
			}
			p := reflect.New(t.Elem())
			if fe := set(p.Elem(), s); fe != nil {
				return fe
			}
			v.Set(p)
			return nil
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return func(v reflect.Value, vals []string) *FieldError {
				v.SetBytes([]byte(vals[0]))
				return nil
			}
		}
		set := setterFor(t.Elem())
		if set == nil {
			return nil
		}
		return func(v reflect.Value, vals []string) *FieldError {
			s := reflect.MakeSlice(t, 0, len(vals))
			for _, val := range vals {
				if val == "" && t.Elem().Kind() != reflect.String {
					continue
				}
				e := reflect.New(t.Elem()).Elem()
				if fe := set(e, val); fe != nil {
					return fe
				}
				s = reflect.Append(s, e)
			}
			v.Set(s)
			return nil
		}
	}
	return nil
}

// setterFor returns the setter for a scalar type, or nil.
func setterFor(t reflect.Type) setFunc {
	switch {
	case t == timeType:
		return setTime
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(textUnmarshalerType):
		return setText
	case t == durationType:
		return setDuration
	}
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value, s string) *FieldError { v.SetString(s); return nil }
	case reflect.Bool:
		return setBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return setInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return setUint
	case reflect.Float32, reflect.Float64:
		return setFloat
	}
	return nil
}

func typeError(param, msg string) *FieldError {
	return &FieldError{Tag: "type", Param: param, Message: msg}
}

func setTime(v reflect.Value, s string) *FieldError {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			v.Set(reflect.ValueOf(t))
			return nil
		}
	}
	return typeError("time", "must be a date (YYYY-MM-DD) or an RFC 3339 date and time")
}

func setText(v reflect.Value, s string) *FieldError {
	if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
		return typeError(v.Type().String(), "is not valid: "+err.Error())
	}
	return nil
}

func setDuration(v reflect.Value, s string) *FieldError {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return typeError("duration", "must be a duration such as 90s or 1h30m")
	}
	v.SetInt(int64(d))
	return nil
}

// setBool accepts what strconv.ParseBool does plus on/off and yes/no; a
// checked checkbox without a value attribute sends "on".
func setBool(v reflect.Value, s string) *FieldError {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "t", "true", "on", "yes", "y":
		v.SetBool(true)
	case "0", "f", "false", "off", "no", "n":
		v.SetBool(false)
	default:
		return typeError("bool", "must be true or false")
	}
	return nil
}

func setInt(v reflect.Value, s string) *FieldError {
	bits := v.Type().Bits()
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, bits)
	if err != nil {
		if isRange(err) {
			lo, hi := -int64(1)<<(bits-1), int64(1)<<(bits-1)-1
			return typeError("int", fmt.Sprintf("must be between %d and %d", lo, hi))
		}
		return typeError("int", "must be a whole number")
	}
	v.SetInt(n)
	return nil
}

func setUint(v reflect.Value, s string) *FieldError {
	bits := v.Type().Bits()
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, bits)
	if err != nil {
		if isRange(err) {
			return typeError("uint", fmt.Sprintf("must be between 0 and %d", uint64(math.MaxUint64)>>(64-bits)))
		}
		return typeError("uint", "must be a whole number, 0 or more")
	}
	v.SetUint(n)
	return nil
}

func setFloat(v reflect.Value, s string) *FieldError {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), v.Type().Bits())
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		if isRange(err) {
			return typeError("float", "is out of range")
		}
		return typeError("float", "must be a number")
	}
	v.SetFloat(f)
	return nil
}

func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
