package pylon

import (
	"encoding"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// ApplyEnv overrides settings from environment entries ("KEY=value", as
// os.Environ returns them). Each setting has a variable named PYLON_ and
// its TOML path in upper case with dots and dashes as underscores:
// debug is PYLON_DEBUG, server.idle_timeout is PYLON_SERVER_IDLE_TIMEOUT,
// trusted_proxies is PYLON_TRUSTED_PROXIES (comma-separated). An
// application's own sections follow the same rule through [Config.Section].
// A value that does not parse, or that a file could not hold either (a
// negative duration, a bad trusted proxy, an unknown log level or format),
// gives an error naming the variable.
func (c *Config) ApplyEnv(environ []string) error {
	c.env = environ
	if err := applyEnv(reflect.ValueOf(c).Elem(), "PYLON_", environ); err != nil {
		return err
	}
	var checks configChecks
	return applyEnv(reflect.ValueOf(&checks).Elem(), "PYLON_", environ)
}

// applyEnv sets the fields of the struct v from variables named
// prefix+PATH.
func applyEnv(v reflect.Value, prefix string, environ []string) error {
	vars := map[string]string{}
	for _, kv := range environ {
		k, val, ok := strings.Cut(kv, "=")
		if ok && strings.HasPrefix(k, prefix) {
			vars[k] = val
		}
	}
	if len(vars) == 0 {
		return nil
	}
	return setFromEnv(v, prefix, vars)
}

func setFromEnv(v reflect.Value, prefix string, vars map[string]string) error {
	t := v.Type()
	for i := range t.NumField() {
		name, ok := tomlName(t.Field(i))
		if !ok {
			continue
		}
		field := v.Field(i)
		envKey := prefix + envName(name)
		if field.Kind() == reflect.Struct && !isTextType(field.Type()) {
			if err := setFromEnv(field, envKey+"_", vars); err != nil {
				return err
			}
			continue
		}
		val, ok := vars[envKey]
		if !ok {
			continue
		}
		if err := setField(field, val); err != nil {
			return fmt.Errorf("config: environment variable %s=%q: %w", envKey, val, err)
		}
	}
	return nil
}

func envName(tomlKey string) string {
	return strings.NewReplacer(".", "_", "-", "_").Replace(strings.ToUpper(tomlKey))
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

func isTextType(t reflect.Type) bool {
	return reflect.PointerTo(t).Implements(textUnmarshaler)
}

// setField parses s into a field of a basic kind, a text type or a list
// of those.
func setField(f reflect.Value, s string) error {
	if f.CanAddr() && isTextType(f.Type()) {
		return f.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	}
	if f.Type() == reflect.TypeFor[time.Duration]() {
		d, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		f.SetInt(int64(d))
		return nil
	}
	switch f.Kind() {
	case reflect.String:
		f.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false")
		}
		f.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, f.Type().Bits())
		if err != nil {
			return fmt.Errorf("want an integer")
		}
		f.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(s, 10, f.Type().Bits())
		if err != nil {
			return fmt.Errorf("want a non-negative integer")
		}
		f.SetUint(n)
	case reflect.Float32, reflect.Float64:
		n, err := strconv.ParseFloat(s, f.Type().Bits())
		if err != nil {
			return fmt.Errorf("want a number")
		}
		f.SetFloat(n)
	case reflect.Slice:
		var items []string
		for item := range strings.SplitSeq(s, ",") {
			if item = strings.TrimSpace(item); item != "" {
				items = append(items, item)
			}
		}
		list := reflect.Zero(f.Type())
		if len(items) > 0 {
			list = reflect.MakeSlice(f.Type(), len(items), len(items))
		}
		for i, item := range items {
			if err := setField(list.Index(i), item); err != nil {
				return err
			}
		}
		f.Set(list)
	default:
		return fmt.Errorf("unsupported type %s", f.Type())
	}
	return nil
}
