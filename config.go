package pylon

import (
	"time"

	"github.com/pylonweb/pylon/internal/duration"
)

// Config is an application's configuration: Pylon's own settings plus
// the sections an application or plugin adds for itself.
//
// The zero value is a working development setup: listen on 127.0.0.1:8080,
// debug off, the server timeouts below. [LoadConfig] reads it from TOML
// files and the environment.
type Config struct {
	// Debug turns on the debug error page (stack and request on a 500) and
	// template reloading. If false, 5xx responses show no internals.
	Debug bool `toml:"debug"`

	// Addr is the address Run listens on. If empty, 127.0.0.1:8080; the
	// PYLON_ADDR environment variable overrides it.
	Addr string `toml:"addr"`

	// Server holds the http.Server settings.
	Server ServerConfig `toml:"server"`

	// TrustedProxies lists the IP addresses and CIDR ranges of reverse
	// proxies whose X-Forwarded-* and Forwarded headers are believed. If
	// empty, those headers are ignored and the connection itself tells the
	// scheme and host.
	TrustedProxies []string `toml:"trusted_proxies"`

	// MaxBodyBytes limits the bodies that Context's readers (ReadJSON,
	// forms) accept. If zero, 4 MiB; a negative value means no limit.
	MaxBodyBytes int64 `toml:"max_body_bytes"`

	// SkipPathValues stops the App from copying route parameters into the
	// request with r.SetPathValue. net/http keeps those in a map it
	// allocates per request, so skipping them saves two allocations on
	// every request with parameters; c.Param still works, but
	// r.PathValue in net/http handlers and middleware returns "". If
	// false, r.PathValue works everywhere.
	SkipPathValues bool `toml:"skip_path_values"`

	// StrictJSON makes Context.ReadJSON reject unknown object keys with a
	// 400. If false, unknown keys are ignored.
	StrictJSON bool `toml:"strict_json"`

	// TaskJoinTimeout bounds how long the end of a request waits for its
	// tasks after cancelling them; tasks still running then are logged as
	// stuck. If zero, 10s.
	TaskJoinTimeout Duration `toml:"task_join_timeout"`

	// Log configures the application logger when App.Logger is not set.
	Log LogConfig `toml:"log"`

	// DisableMethodOverride turns off the _method form field that lets an
	// HTML form POST tunnel PUT, PATCH and DELETE. If false, a POST with a
	// form body whose _method is one of those is routed as that method.
	DisableMethodOverride bool `toml:"disable_method_override"`

	// sources keeps the loaded files, so that applications and plugins can
	// decode their own sections with Section and get line numbers in errors.
	sources []configSource
	// files names the files the configuration came from, for messages.
	files []string
	// env is the environment ApplyEnv last used; nil means os.Environ.
	env []string
}

// ServerConfig holds the http.Server settings used by App.Run.
type ServerConfig struct {
	// ReadHeaderTimeout bounds reading a request's headers, so slow
	// clients cannot hold connections. If zero, 5s.
	ReadHeaderTimeout Duration `toml:"read_header_timeout"`
	// ReadTimeout bounds reading a whole request. If zero, 60s.
	ReadTimeout Duration `toml:"read_timeout"`
	// WriteTimeout bounds writing a response. If zero, none, so that
	// streams and Server-Sent Events can stay open.
	WriteTimeout Duration `toml:"write_timeout"`
	// IdleTimeout bounds keep-alive idle time. If zero, 120s.
	IdleTimeout Duration `toml:"idle_timeout"`
	// MaxHeaderBytes bounds the request header size. If zero, 1 MiB.
	MaxHeaderBytes int `toml:"max_header_bytes"`
	// ShutdownTimeout is how long graceful shutdown waits for in-flight
	// requests before closing connections. If zero, 15s.
	ShutdownTimeout Duration `toml:"shutdown_timeout"`
	// TLSCertFile and TLSKeyFile turn on TLS (and with it HTTP/2). If
	// empty, Run serves plain HTTP.
	TLSCertFile string `toml:"tls_cert_file"`
	TLSKeyFile  string `toml:"tls_key_file"`
	// H2C serves HTTP/2 without TLS (prior knowledge), for use behind a
	// proxy that speaks it. If false, plain connections speak HTTP/1.1.
	H2C bool `toml:"h2c"`
}

// LogConfig configures the logger App creates when App.Logger is nil.
type LogConfig struct {
	// Level is debug, info, warn or error. If empty, info (debug when
	// Config.Debug is set).
	Level string `toml:"level"`
	// Format is text or json. If empty, text.
	Format string `toml:"format"`
}

// Duration is a time.Duration for configuration. It reads from TOML and
// the environment as a Go duration string such as "5s" or "1m30s", or as
// a whole number of seconds: read_header_timeout = 5 and
// PYLON_SERVER_READ_HEADER_TIMEOUT=5 both mean five seconds. A negative
// duration is an error.
type Duration time.Duration

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// String formats d like time.Duration.
func (d Duration) String() string { return time.Duration(d).String() }

// UnmarshalText parses a duration string such as "250ms", or a whole
// number of seconds such as "5". A negative duration is an error.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := duration.Parse(string(b))
	if err == nil {
		*d = Duration(v)
	}
	return err
}

// UnmarshalTOML reads d from a TOML value: an integer is a number of
// seconds, a string is read by UnmarshalText. go-toml calls it when its
// decoder's EnableUnmarshalerInterface is on, as in [LoadConfig] and
// [Config.Section]; otherwise it stores an integer into the int64 under
// Duration, as nanoseconds.
func (d *Duration) UnmarshalTOML(data []byte) error {
	v, err := duration.FromTOML(data)
	if err == nil {
		*d = Duration(v)
	}
	return err
}

// MarshalText formats d like time.Duration.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

const (
	defaultAddr              = "127.0.0.1:8080"
	defaultMaxBodyBytes      = 4 << 20
	defaultReadHeaderTimeout = 5 * time.Second
	defaultReadTimeout       = 60 * time.Second
	defaultIdleTimeout       = 120 * time.Second
	defaultMaxHeaderBytes    = 1 << 20
	defaultShutdownTimeout   = 15 * time.Second
)

// address returns the listen address: PYLON_ADDR, then Addr, then the default.
func (c *Config) address(getenv func(string) string) string {
	if a := getenv("PYLON_ADDR"); a != "" {
		return a
	}
	if c.Addr != "" {
		return c.Addr
	}
	return defaultAddr
}

func (c *Config) maxBodyBytes() int64 {
	if c.MaxBodyBytes == 0 {
		return defaultMaxBodyBytes
	}
	return c.MaxBodyBytes
}

func orDefault(d Duration, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return time.Duration(d)
}
