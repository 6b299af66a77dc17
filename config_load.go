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
// A missing or malformed file, a value of the wrong type and an unknown
// key in one of Pylon's own tables give an error naming the file, the line
// (where TOML reports one) and the key.
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
	if err := toml.Unmarshal(data, c); err != nil {
		return configError(name, data, err)
	}
	if err := checkKnownKeys(name, data, raw); err != nil {
		return err
	}
	c.sources = append(c.sources, configSource{name: name, data: data})
	c.files = append(c.files, name)
	return nil
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
		if err := toml.Unmarshal(src.data, wrapper.Interface()); err != nil {
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
	var sme *toml.StrictMissingError
	if errors.As(err, &sme) && len(sme.Errors) > 0 {
		return configError(name, data, &sme.Errors[0])
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

// checkKnownKeys reports a key Pylon does not know inside Pylon's own
// tables, where a typo would otherwise be silently ignored.
func checkKnownKeys(name string, data []byte, raw map[string]any) error {
	known := tomlKeys(reflect.TypeFor[Config]())
	for _, table := range []string{"server", "log"} {
		sub, ok := raw[table].(map[string]any)
		if !ok {
			continue
		}
		for key := range sub {
			if !known[table+"."+key] {
				return fmt.Errorf("config: %s:%d: unknown key %s.%s", name, configLine(data, table, key), table, key)
			}
		}
	}
	return nil
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

// configLine finds the 1-based line where key is assigned inside [table]
// (or as table.key at the top), or 0 when it cannot tell.
func configLine(data []byte, table, key string) int {
	current := ""
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if bytes.HasPrefix(line, []byte("[")) {
			current = string(bytes.Trim(line, "[] \t"))
			continue
		}
		k, _, ok := bytes.Cut(line, []byte("="))
		if !ok {
			continue
		}
		k = bytes.TrimSpace(k)
		if (current == table && string(k) == key) || (current == "" && string(k) == table+"."+key) {
			return i + 1
		}
	}
	return 0
}
