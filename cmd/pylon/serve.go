package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pylonweb/pylon/cmd/pylon/internal/build"
	"github.com/pylonweb/pylon/cmd/pylon/internal/watch"
)

func init() {
	register(&command{
		name:    "serve",
		summary: "build and run an app, rebuilding it on changes with --reload",
		usage:   "[--reload] [--dir DIR] [--pkg PKG] [--stop-timeout D] [config.toml]",
		help: `
Serve builds the Go main package of an app and runs it, like "go run",
passing on its output. When pylon gets SIGINT (Ctrl-C) or SIGTERM it
forwards the signal to the app, waits for the app to shut down and exits
with the app's exit code. The app runs in its own process group, so the
signal reaches it once, from pylon.

If a config file is given, the app finds its absolute path in the
environment variable PYLON_CONFIG.

With --reload, serve watches the app's directory tree and rebuilds when a
.go file (but not a _test.go file), a .toml file or a template (.html,
.tmpl, .gohtml, .jinja, .j2) changes. A burst of changes makes one rebuild.
The old app keeps serving while the new one builds. If the build fails,
serve prints the compiler errors and keeps the old app running; if it
succeeds, serve stops the old app (SIGTERM, then SIGKILL after
--stop-timeout) and starts the new one. Hidden directories (such as .git),
vendor and node_modules are not watched.

Examples:

	pylon serve development.toml
	pylon serve --reload development.toml
	pylon serve --reload --pkg ./cmd/web config/dev.toml`,
		flags: func() *flag.FlagSet { return new(serveOptions).flagSet() },
		run:   runServe,
	})
}

// debounceQuiet is how long the tree must be quiet before a rebuild, so
// that saving many files at once rebuilds once.
const debounceQuiet = 200 * time.Millisecond

type serveOptions struct {
	reload      bool
	dir         string
	pkg         string
	stopTimeout time.Duration
}

func (o *serveOptions) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.BoolVar(&o.reload, "reload", false, "rebuild and restart the app when its sources change")
	fs.StringVar(&o.dir, "dir", ".", "`directory` of the app: the build, the watch and the app run there")
	fs.StringVar(&o.pkg, "pkg", ".", "main `package` to build, relative to -dir, such as ./cmd/web")
	fs.DurationVar(&o.stopTimeout, "stop-timeout", 5*time.Second, "how long the app has to exit after SIGTERM before it is killed")
	return fs
}

func runServe(ctx context.Context, s *stdio, args []string) error {
	var o serveOptions
	c := lookup("serve")
	pos, err := parseFlags(c, s, o.flagSet(), args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError{"at most one config file"}
	}
	env := os.Environ()
	if len(pos) == 1 {
		// Absolute, because the app runs in --dir, not where pylon was started.
		cfg, err := filepath.Abs(pos[0])
		if err != nil {
			return err
		}
		if _, err := os.Stat(cfg); err != nil {
			return fmt.Errorf("config file: %w", err)
		}
		env = append(env, "PYLON_CONFIG="+cfg)
	}
	binDir, err := os.MkdirTemp("", "pylon-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(binDir)

	d := &devServer{
		builder:     build.Builder{Dir: o.dir, Package: o.pkg},
		binDir:      binDir,
		dir:         o.dir,
		env:         env,
		stdio:       s,
		stopTimeout: o.stopTimeout,
	}
	if !o.reload {
		return d.serveOnce(ctx)
	}
	w, err := watch.New(watch.Config{
		Root:    o.dir,
		Skip:    []string{binDir},
		OnError: func(err error) { d.logf("watch: %v", err) },
	})
	if err != nil {
		return fmt.Errorf("watch %s: %w", o.dir, err)
	}
	return d.serveReload(ctx, w, debounceQuiet)
}
