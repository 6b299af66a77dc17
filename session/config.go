package session

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pylonweb/pylon"
)

// Config configures a Manager. It is the [session] section of an App's
// configuration; the zero value is a working setup: sessions in memory, a
// cookie named "session" on path "/", HttpOnly, SameSite=Lax, Secure on
// HTTPS, a 24-hour lifetime and no idle timeout.
type Config struct {
	// Store says where sessions live: "memory", "sql" or "redis". If not
	// set, "memory", which only this process can see; use "sql" or "redis"
	// when several instances serve the site.
	Store string `toml:"store"`

	// URL locates the store: sqlite:app.db, sqlite::memory: or
	// postgres://... for "sql"; redis://host:6379/0 for "redis". If not
	// set, New fails for "sql" and "redis"; "memory" ignores it.
	URL string `toml:"url"`

	// Table is the SQL store's table, created if it does not exist. If not
	// set, "sessions".
	Table string `toml:"table"`

	// Prefix begins the Redis store's keys. If not set, "session:".
	Prefix string `toml:"prefix"`

	// CleanupInterval is how often the memory and SQL stores delete expired
	// sessions in the background. If not set, 5m; a negative value turns
	// the cleanup off. Redis expires sessions by itself.
	CleanupInterval pylon.Duration `toml:"cleanup_interval"`

	// CookieName names the session cookie. If not set, "session".
	CookieName string `toml:"cookie_name"`

	// CookieDomain is the cookie's Domain attribute, to share the session
	// with subdomains. If not set, the cookie is sent only to the host that
	// set it.
	CookieDomain string `toml:"cookie_domain"`

	// CookiePath is the cookie's Path attribute. If not set, "/".
	CookiePath string `toml:"cookie_path"`

	// Secure decides the cookie's Secure attribute: "auto" sets it when the
	// request came over HTTPS, directly or through a trusted proxy
	// (pylon.Config.TrustedProxies); "always" sets it on every response;
	// "never" never does. If not set, "auto".
	Secure string `toml:"secure"`

	// SameSite is the cookie's SameSite attribute: "lax", "strict" or
	// "none" (which browsers accept only with Secure). If not set, "lax".
	SameSite string `toml:"same_site"`

	// Lifetime is the absolute timeout: a session ends this long after it
	// was created (or renewed), however active it is. If not set, 24h.
	Lifetime pylon.Duration `toml:"lifetime"`

	// IdleTimeout ends a session that has seen no request for this long;
	// every request then saves the session to move the deadline. If not
	// set, sessions do not idle out (Lifetime still applies).
	IdleTimeout pylon.Duration `toml:"idle_timeout"`
}

const (
	defaultLifetime        = 24 * time.Hour
	defaultCleanupInterval = 5 * time.Minute
)

// withDefaults fills in the defaults and checks the values.
func (cfg Config) withDefaults() (Config, error) {
	cfg.Store = strings.ToLower(cfg.Store)
	if cfg.Store == "" {
		cfg.Store = "memory"
	}
	if cfg.CookieName == "" {
		cfg.CookieName = "session"
	}
	if cfg.CookiePath == "" {
		cfg.CookiePath = "/"
	}
	cfg.Secure = strings.ToLower(cfg.Secure)
	if cfg.Secure == "" {
		cfg.Secure = "auto"
	}
	cfg.SameSite = strings.ToLower(cfg.SameSite)
	if cfg.SameSite == "" {
		cfg.SameSite = "lax"
	}
	if cfg.Lifetime == 0 {
		cfg.Lifetime = pylon.Duration(defaultLifetime)
	}
	if cfg.CleanupInterval == 0 {
		cfg.CleanupInterval = pylon.Duration(defaultCleanupInterval)
	}
	switch {
	case cfg.Store != "memory" && cfg.Store != "sql" && cfg.Store != "redis":
		return cfg, fmt.Errorf("session: store %q is not memory, sql or redis", cfg.Store)
	case cfg.Secure != "auto" && cfg.Secure != "always" && cfg.Secure != "never":
		return cfg, fmt.Errorf("session: secure %q is not auto, always or never", cfg.Secure)
	case cfg.SameSite != "lax" && cfg.SameSite != "strict" && cfg.SameSite != "none":
		return cfg, fmt.Errorf("session: same_site %q is not lax, strict or none", cfg.SameSite)
	case cfg.Lifetime < 0 || cfg.IdleTimeout < 0:
		return cfg, fmt.Errorf("session: lifetime and idle_timeout must not be negative")
	}
	if err := (&http.Cookie{Name: cfg.CookieName, Value: "x"}).Valid(); err != nil {
		return cfg, fmt.Errorf("session: cookie_name %q: %w", cfg.CookieName, err)
	}
	return cfg, nil
}

func (cfg Config) sameSite() http.SameSite {
	switch cfg.SameSite {
	case "strict":
		return http.SameSiteStrictMode
	case "none":
		return http.SameSiteNoneMode
	}
	return http.SameSiteLaxMode
}
