package taskmonitor

import (
	"strings"

	"github.com/pylonweb/pylon"
)

// DefaultPath is where the monitor is mounted when Config.Path is empty.
const DefaultPath = "/debug/tasks"

// Config configures the monitor. Install overlays the App configuration's
// [taskmonitor] section and PYLON_TASKMONITOR_* environment variables on
// it, so that a token can come from the environment.
type Config struct {
	// Path is where the monitor is mounted. If empty, DefaultPath
	// ("/debug/tasks").
	Path string `toml:"path"`

	// Token, if set, lets in a request that presents it as
	// "Authorization: Bearer <token>", also when the App is not in debug
	// mode. Use a long random value. If empty, the monitor is only
	// mounted, and only answers, in debug mode.
	Token string `toml:"token"`

	// Refresh, if positive, makes the HTML page reload itself that often.
	// If zero, the page does not refresh by itself.
	Refresh pylon.Duration `toml:"refresh"`

	// NoStacks leaves goroutine tracking off (see the package doc's Cost
	// section); the stack page then answers 404 for tasks started without
	// it. If false, Install turns tracking on for the App's Registry.
	NoStacks bool `toml:"no_stacks"`
}

func (cfg Config) path() string {
	p := strings.TrimRight(cfg.Path, "/")
	if p == "" {
		return DefaultPath
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}
