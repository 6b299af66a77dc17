package pylon_test

import (
	"strings"
	"testing"

	"github.com/pylonweb/pylon"
)

// FuzzParseConfig reads any bytes as a configuration file: ParseConfig
// returns an error that names the file, or a Config whose durations are
// not negative and which New accepts.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"debug = true\naddr = \":8080\"\ntrusted_proxies = [\"10.0.0.0/8\"]\n[server]\nread_header_timeout = \"2s\"\nidle_timeout = 60\n",
		"[log]\nlevel = \"WARN\"\nformat = \"json\"\n",
		"task_join_timeout = -1\n",
		"[server]\nidle_tmeout = 5\n",
		"[myapp]\nkey = 1\n[myapp.sub]\nx = [1, {a = 2}]\n",
		"trusted_proxies = [\"nonsense\"]\n",
		"server = 5\n",
		"[server.read_timeout]\nx = 1\n",
		"debug = true\ndebug = false\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := pylon.ParseConfig("fuzz.toml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "config: fuzz.toml") {
				t.Fatalf("ParseConfig(%q): error %q does not name the file", data, err)
			}
			return
		}
		s := cfg.Server
		for _, d := range []pylon.Duration{cfg.TaskJoinTimeout, s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout, s.ShutdownTimeout} {
			if d < 0 {
				t.Fatalf("ParseConfig(%q): negative duration %v", data, d)
			}
		}
		pylon.New(cfg)
	})
}
