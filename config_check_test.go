package pylon_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
)

// wantConfigError fails t unless err mentions every part of want.
func wantConfigError(t *testing.T, what string, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want one naming %q", what, want)
		return
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: error %q lacks %q", what, err, w)
		}
	}
}

func TestConfigDurations(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  time.Duration
	}{
		{`5`, 5 * time.Second},
		{`0`, 0},
		{`1_000`, 1000 * time.Second},
		{`"5s"`, 5 * time.Second},
		{`"1m30s"`, 90 * time.Second},
		{`"250ms"`, 250 * time.Millisecond},
		{`"5"`, 5 * time.Second},
		{`'2s'`, 2 * time.Second},
	} {
		text := "task_join_timeout = " + tc.value + "\n[server]\nread_header_timeout = " + tc.value + "\nidle_timeout = " + tc.value + "\n"
		cfg, err := pylon.ParseConfig("d.toml", []byte(text))
		if err != nil {
			t.Errorf("%s: %v", tc.value, err)
			continue
		}
		for name, got := range map[string]pylon.Duration{
			"task_join_timeout":          cfg.TaskJoinTimeout,
			"server.read_header_timeout": cfg.Server.ReadHeaderTimeout,
			"server.idle_timeout":        cfg.Server.IdleTimeout,
		} {
			if got.Std() != tc.want {
				t.Errorf("%s = %s: got %v, want %v", name, tc.value, got, tc.want)
			}
		}
	}
}

func TestConfigDurationsFromEnv(t *testing.T) {
	var cfg pylon.Config
	err := cfg.ApplyEnv([]string{
		"PYLON_SERVER_READ_HEADER_TIMEOUT=5",
		"PYLON_SERVER_IDLE_TIMEOUT=1m30s",
		"PYLON_TASK_JOIN_TIMEOUT=250ms",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Server.ReadHeaderTimeout.Std() != 5*time.Second ||
		cfg.Server.IdleTimeout.Std() != 90*time.Second ||
		cfg.TaskJoinTimeout.Std() != 250*time.Millisecond {
		t.Fatalf("read_header_timeout=%v idle_timeout=%v task_join_timeout=%v",
			cfg.Server.ReadHeaderTimeout, cfg.Server.IdleTimeout, cfg.TaskJoinTimeout)
	}
}

func TestConfigSectionDurations(t *testing.T) {
	cfg, err := pylon.ParseConfig("app.toml", []byte("[blog]\ncache = 30\nrefresh = \"2m\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var blog struct {
		Cache   pylon.Duration   `toml:"cache"`
		Refresh pylon.Duration   `toml:"refresh"`
		Backoff []pylon.Duration `toml:"backoff"`
	}
	if err := cfg.ApplyEnv([]string{"PYLON_BLOG_BACKOFF=1, 500ms"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Section("blog", &blog); err != nil {
		t.Fatal(err)
	}
	if blog.Cache.Std() != 30*time.Second || blog.Refresh.Std() != 2*time.Minute {
		t.Fatalf("blog = %+v", blog)
	}
	if len(blog.Backoff) != 2 || blog.Backoff[0].Std() != time.Second || blog.Backoff[1].Std() != 500*time.Millisecond {
		t.Fatalf("backoff = %v", blog.Backoff)
	}

	cfg, err = pylon.ParseConfig("app.toml", []byte("[blog]\n\ncache = -30\n"))
	if err != nil {
		t.Fatal(err)
	}
	wantConfigError(t, "negative section duration", cfg.Section("blog", &blog), "app.toml:3:", "key blog.cache", "negative")
}

func TestConfigDurationErrors(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"[server]\nread_header_timeout = -5\n", []string{"d.toml:2:", "key server.read_header_timeout", "negative duration -5s"}},
		{"[server]\nidle_timeout = \"-5s\"\n", []string{"d.toml:2:", "key server.idle_timeout", "negative duration -5s"}},
		{"debug = true\ntask_join_timeout = 1.5\n", []string{"d.toml:2:", "key task_join_timeout", "whole number of seconds"}},
		{"[server]\nshutdown_timeout = \"soon\"\n", []string{"d.toml:2:", "key server.shutdown_timeout", `invalid duration "soon"`}},
		{"[server]\nwrite_timeout = 9223372037\n", []string{"d.toml:2:", "key server.write_timeout", "too long"}},
		{"server.read_timeout = -1\n", []string{"d.toml:1:", "key server.read_timeout", "negative"}},
	} {
		_, err := pylon.ParseConfig("d.toml", []byte(tc.text))
		wantConfigError(t, tc.text, err, tc.want...)
	}
	for _, env := range []string{
		"PYLON_SERVER_IDLE_TIMEOUT=-5s",
		"PYLON_SERVER_IDLE_TIMEOUT=-5",
		"PYLON_SERVER_IDLE_TIMEOUT=soon",
	} {
		var cfg pylon.Config
		name, _, _ := strings.Cut(env, "=")
		wantConfigError(t, env, cfg.ApplyEnv([]string{env}), "environment variable "+name)
	}
}

func TestConfigTrustedProxies(t *testing.T) {
	cfg, err := pylon.ParseConfig("p.toml", []byte(`trusted_proxies = ["10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"]`))
	if err != nil {
		t.Fatal(err)
	}
	pylon.New(cfg) // panics on an entry LoadConfig should have refused

	for _, tc := range []struct {
		text string
		want []string
	}{
		{`trusted_proxies = ["bogus"]`, []string{"p.toml:1:", "key trusted_proxies", `"bogus"`}},
		{"debug = true\ntrusted_proxies = [\n  \"10.0.0.1\",\n  \"10.0.0.0/33\",\n]\n", []string{"p.toml:4:", "key trusted_proxies", `"10.0.0.0/33"`}},
	} {
		_, err := pylon.ParseConfig("p.toml", []byte(tc.text))
		wantConfigError(t, tc.text, err, tc.want...)
	}

	var env pylon.Config
	err = env.ApplyEnv([]string{"PYLON_TRUSTED_PROXIES=10.0.0.1, 10.0.0.0/33"})
	wantConfigError(t, "env", err, "environment variable PYLON_TRUSTED_PROXIES", `"10.0.0.0/33"`)
	if err := env.ApplyEnv([]string{"PYLON_TRUSTED_PROXIES=10.0.0.1, 10.0.0.0/8"}); err != nil {
		t.Fatal(err)
	}
}

func TestConfigLogValues(t *testing.T) {
	cfg, err := pylon.ParseConfig("l.toml", []byte("[log]\nlevel = \"WARNING\"\nformat = \"json\"\n"))
	if err != nil || cfg.Log.Level != "WARNING" || cfg.Log.Format != "json" {
		t.Fatalf("log = %+v, %v", cfg.Log, err)
	}
	_, err = pylon.ParseConfig("l.toml", []byte("[log]\nlevel = \"loud\"\n"))
	wantConfigError(t, "level", err, "l.toml:2:", "key log.level", `"loud"`, "debug, info, warn, error")
	_, err = pylon.ParseConfig("l.toml", []byte("[log]\nlevel = \"info\"\nformat = \"xml\"\n"))
	wantConfigError(t, "format", err, "l.toml:3:", "key log.format", `"xml"`, "text, json")

	var env pylon.Config
	wantConfigError(t, "env level", env.ApplyEnv([]string{"PYLON_LOG_LEVEL=loud"}), "PYLON_LOG_LEVEL", `"loud"`, "debug, info, warn, error")
	wantConfigError(t, "env format", env.ApplyEnv([]string{"PYLON_LOG_FORMAT=xml"}), "PYLON_LOG_FORMAT", `"xml"`, "text, json")
}

func TestConfigUnknownKeys(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"debgu = true\n", []string{"u.toml:1:", "unknown key debgu", "did you mean debug?"}},
		{"addr = \"x\"\nnonsense = 1\n", []string{"u.toml:2:", "unknown key nonsense"}},
		{"[server]\nidel_timeout = \"1s\"\n", []string{"u.toml:2:", "unknown key server.idel_timeout", "did you mean server.idle_timeout?"}},
		{"server.read_header_timout = \"1s\"\n", []string{"u.toml:1:", "unknown key server.read_header_timout", "did you mean server.read_header_timeout?"}},
		{"[log]\n\ncolour = true\n", []string{"u.toml:3:", "unknown key log.colour"}},
		{"[server]\ntrusted_proxies = [\"10.0.0.1\"]\n", []string{"u.toml:2:", "unknown key server.trusted_proxies", "top-level key"}},
		{"[[jobs]]\nname = \"x\"\n", []string{"u.toml:1:", "unknown key jobs"}},
	} {
		_, err := pylon.ParseConfig("u.toml", []byte(tc.text))
		wantConfigError(t, tc.text, err, tc.want...)
		if !strings.Contains(strings.Join(tc.want, " "), "did you mean") && err != nil && strings.Contains(err.Error(), "did you mean") {
			t.Errorf("%s: %v suggests a key", tc.text, err)
		}
	}
}

func TestConfigAppSectionsAreNotUnknown(t *testing.T) {
	cfg, err := pylon.ParseConfig("app.toml", []byte(`
debug = true
shop = { currency = "EUR" }
blog.title = "Notes"

[blog.comments]
enabled = true

[session]
anything = "goes"
`))
	if err != nil {
		t.Fatal(err)
	}
	var blog struct {
		Title    string `toml:"title"`
		Comments struct {
			Enabled bool `toml:"enabled"`
		} `toml:"comments"`
	}
	var shop struct {
		Currency string `toml:"currency"`
	}
	if err := cfg.Section("blog", &blog); err != nil || blog.Title != "Notes" || !blog.Comments.Enabled {
		t.Fatalf("blog = %+v, %v", blog, err)
	}
	if err := cfg.Section("shop", &shop); err != nil || shop.Currency != "EUR" {
		t.Fatalf("shop = %+v, %v", shop, err)
	}
}
