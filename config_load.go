package pylon

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// configSource is one TOML file a Config was read from.
type configSource struct {
	name string
	data []byte
}

// LoadConfig reads TOML files in order, each overriding the ones before,
// like Pylons' development.ini and production.ini, then applies PYLON_*
// environment variables (see [Config.ApplyEnv]). Empty names are skipped,
// so LoadConfig(os.Getenv("PYLON_CONFIG")) works with or without a file.
//
// A missing or malformed file, a value of the wrong type, a bad value (a
// negative duration, a trusted proxy that is neither an IP address nor a
// CIDR range, an unknown log level or format) and an unknown key at the
// top level or in one of Pylon's own tables give an error naming the
// file, the line and the key. A table Pylon does not know is an
// application's or a plugin's section; [Config.Section] reads it.
func LoadConfig(files ...string) (Config, error) {
	var cfg Config
	for _, name := range files {
		if name == "" {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
		if err := cfg.merge(name, data); err != nil {
			return Config{}, err
		}
	}
	if err := cfg.ApplyEnv(os.Environ()); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// ParseConfig reads one TOML document; name is used in error messages. It
// does not look at the environment.
func ParseConfig(name string, data []byte) (Config, error) {
	var cfg Config
	err := cfg.merge(name, data)
	return cfg, err
}

// MustLoadConfig is LoadConfig for main functions: it panics on error.
func MustLoadConfig(files ...string) Config {
	cfg, err := LoadConfig(files...)
	if err != nil {
		panic(err)
	}
	return cfg
}

func (c *Config) merge(name string, data []byte) error {
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		return configError(name, data, err)
	}
	var unknown *toml.StrictMissingError
	switch err := decode(data, c, true); {
	case errors.As(err, &unknown):
		// go-toml reports unknown keys after decoding everything else, so
		// c holds the file; only the keys outside apps' sections count.
		if err := checkUnknownKeys(name, raw, unknown); err != nil {
			return err
		}
	case err != nil:
		return configError(name, data, err)
	}
	if err := decode(data, &configChecks{}, false); err != nil {
		return configError(name, data, err)
	}
	c.sources = append(c.sources, configSource{name: name, data: data})
	c.files = append(c.files, name)
	return nil
}

// decode decodes a TOML document into v. It lets [Duration] read integers
// as seconds; strict reports the keys v has no field for.
func decode(data []byte, v any, strict bool) error {
	d := toml.NewDecoder(bytes.NewReader(data)).EnableUnmarshalerInterface()
	if strict {
		d.DisallowUnknownFields()
	}
	return d.Decode(v)
}

// Files returns the names of the files the configuration was read from.
func (c *Config) Files() []string { return slices.Clone(c.files) }

// Section decodes the table [name] of every loaded file, in order, into v,
// a pointer to a struct with toml tags, then applies PYLON_NAME_KEY
// environment variables to it. Fields the files leave out keep the values
// v had, so set defaults before calling. A missing section is not an error.
func (c *Config) Section(name string, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("config: Section(%q) needs a pointer to a struct, got %T", name, v)
	}
	// Decode the whole file into struct{ S T `toml:"name"` } so that errors
	// keep the file's line numbers.
	wrapperType := reflect.StructOf([]reflect.StructField{{
		Name: "S",
		Type: rv.Elem().Type(),
		Tag:  reflect.StructTag(fmt.Sprintf(`toml:%q`, name)),
	}})
	wrapper := reflect.New(wrapperType)
	wrapper.Elem().Field(0).Set(rv.Elem())
	for _, src := range c.sources {
		if err := decode(src.data, wrapper.Interface(), false); err != nil {
			return configError(src.name, src.data, err)
		}
	}
	rv.Elem().Set(wrapper.Elem().Field(0))
	env := c.env
	if env == nil {
		env = os.Environ()
	}
	return applyEnv(rv.Elem(), "PYLON_"+envName(name)+"_", env)
}

// configError turns a go-toml error into one that names the file, the
// line and the key.
func configError(name string, data []byte, err error) error {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		key := strings.Join(de.Key(), ".")
		if key != "" {
			return fmt.Errorf("config: %s:%d:%d: key %s: %s", name, row, col, key, de.Error())
		}
		return fmt.Errorf("config: %s:%d:%d: %s, in line %q", name, row, col, de.Error(), lineText(data, row))
	}
	return fmt.Errorf("config: %s: %w", name, err)
}

// lineText returns the 1-based line row of data, trimmed.
func lineText(data []byte, row int) string {
	lines := bytes.Split(data, []byte("\n"))
	if row < 1 || row > len(lines) {
		return ""
	}
	return string(bytes.TrimSpace(lines[row-1]))
}

// configKeys holds the dotted keys of Pylon's own settings.
var configKeys = tomlKeys(reflect.TypeFor[Config]())

// checkUnknownKeys reports the first key that go-toml found no field for,
// unless it lies in a table Pylon does not know: such a table is an
// application's or a plugin's section, which Section reads later.
func checkUnknownKeys(name string, raw map[string]any, unknown *toml.StrictMissingError) error {
	for _, de := range unknown.Errors {
		key := de.Key()
		if len(key) == 0 {
			continue
		}
		if _, table := raw[key[0]].(map[string]any); table && !configKeys[key[0]] {
			continue
		}
		row, col := de.Position()
		return fmt.Errorf("config: %s:%d:%d: unknown key %s%s", name, row, col, strings.Join(key, "."), keyHint(key))
	}
	return nil
}

// keyHint suggests what an unknown key may have meant: a known key a
// typo away in the same table, or a top-level key written inside a table.
func keyHint(key []string) string {
	last := key[len(key)-1]
	if len(key) == 2 && configKeys[last] {
		return fmt.Sprintf(" (%s is a top-level key: put it above the first [table])", last)
	}
	prefix := strings.Join(key[:len(key)-1], ".")
	if prefix != "" {
		prefix += "."
	}
	var match string
	n := 0
	for k := range configKeys {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok || strings.Contains(rest, ".") {
			continue
		}
		if d := editDistance(last, rest); d <= 2 && 2*d <= len(last) {
			match = k
			n++
		}
	}
	if n != 1 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", match)
}

// editDistance counts the insertions, deletions, substitutions and swaps
// of adjacent bytes that turn a into b.
func editDistance(a, b string) int {
	// d[i][j] is the distance between a[:i] and b[:j].
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// configChecks decodes the settings whose Go type, a string, does not say
// which values are valid. Its fields check themselves as they decode, so
// a bad value in a file gets go-toml's line, column and key like any type
// error, and ApplyEnv runs the same checks on the environment. The keys
// are Config's. The field types are empty structs, not strings, because
// go-toml stores a string into a string kind without asking UnmarshalText.
type configChecks struct {
	TrustedProxies []trustedProxy `toml:"trusted_proxies"`
	Log            struct {
		Level  logLevel  `toml:"level"`
		Format logFormat `toml:"format"`
	} `toml:"log"`
}

// trustedProxy checks an entry of trusted_proxies: an IP address or a
// CIDR range, parsed as New will parse it.
type trustedProxy struct{}

func (trustedProxy) UnmarshalText(b []byte) error {
	_, err := parseTrustedProxies([]string{string(b)})
	return err
}

// logLevel checks log.level against the levels newLogger knows.
type logLevel struct{}

func (logLevel) UnmarshalText(b []byte) error {
	if _, ok := parseLogLevel(string(b)); ok || len(b) == 0 {
		return nil
	}
	return fmt.Errorf("log level %q is not one of debug, info, warn, error", b)
}

// logFormat checks log.format against the formats newLogger knows.
type logFormat struct{}

func (logFormat) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "", "text", "json":
		return nil
	}
	return fmt.Errorf("log format %q is not one of text, json", b)
}

// tomlKeys lists the dotted toml keys of a struct type.
func tomlKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for f := range t.Fields() {
			name, ok := tomlName(f)
			if !ok {
				continue
			}
			keys[prefix+name] = true
			if f.Type.Kind() == reflect.Struct && !isTextType(f.Type) {
				walk(f.Type, prefix+name+".")
			}
		}
	}
	walk(t, "")
	return keys
}

func tomlName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	tag := f.Tag.Get("toml")
	if tag == "-" {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, true
}
