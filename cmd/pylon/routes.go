package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/pylonweb/pylon/cmd/pylon/internal/build"
	"github.com/pylonweb/pylon/cmd/pylon/internal/routes"
)

func init() {
	register(&command{
		name:    "routes",
		summary: "list an app's routes",
		usage:   "[--json] [--pkg PKG] [--config FILE] [--timeout D] [dir]",
		help: `
Routes builds the app in dir (default: the current directory) and runs it
with the environment variable PYLON_PRINT_ROUTES=1. A Pylon app that sees
it prints its routes on standard output, one JSON object a line, and exits
0 without listening:

	{"method":"GET","pattern":"/users/{id}","name":"user","handler":"main.showUser"}

Routes prints them as a table with the columns METHOD, PATTERN, NAME and
HANDLER, or as JSON lines with --json. It fails if the app exits with a
non-zero code, prints no route, or does not exit within --timeout.

Examples:

	pylon routes
	pylon routes --pkg ./cmd/web --config development.toml
	pylon routes --json | jq -r .pattern`,
		flags: func() *flag.FlagSet { return new(routesOptions).flagSet() },
		run:   runRoutes,
	})
}

type routesOptions struct {
	json    bool
	pkg     string
	config  string
	timeout time.Duration
}

func (o *routesOptions) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("routes", flag.ContinueOnError)
	fs.BoolVar(&o.json, "json", false, "print JSON lines instead of a table")
	fs.StringVar(&o.pkg, "pkg", ".", "main `package` to build, relative to dir, such as ./cmd/web")
	fs.StringVar(&o.config, "config", "", "config `file` passed to the app in PYLON_CONFIG")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "how long the app may take to print its routes and exit")
	return fs
}

func runRoutes(ctx context.Context, s *stdio, args []string) error {
	var o routesOptions
	pos, err := parseFlags(lookup("routes"), s, o.flagSet(), args)
	if err != nil {
		return err
	}
	dir := "."
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		return usageError{"at most one directory"}
	}
	env := append(os.Environ(), "PYLON_PRINT_ROUTES=1")
	if o.config != "" {
		cfg, err := filepath.Abs(o.config)
		if err != nil {
			return err
		}
		env = append(env, "PYLON_CONFIG="+cfg)
	}

	binDir, err := os.MkdirTemp("", "pylon-routes-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(binDir)
	bin := filepath.Join(binDir, "app")
	b := build.Builder{Dir: dir, Package: o.pkg}
	if err := b.Build(ctx, bin); err != nil {
		return err
	}

	out, err := runForRoutes(ctx, s, build.ExePath(bin), dir, env, o.timeout)
	if err != nil {
		return err
	}
	rs, err := routes.Parse(bytes.NewReader(out))
	if errors.Is(err, routes.ErrNoRoutes) {
		s.err.Write(out) // whatever it printed instead may explain why
		return errors.New("the app printed no routes; a Pylon app prints one JSON object a line when PYLON_PRINT_ROUTES=1 is set")
	}
	if err != nil {
		return fmt.Errorf("reading the app's routes: %w", err)
	}
	if o.json {
		return routes.WriteJSON(s.out, rs)
	}
	return routes.WriteTable(s.out, rs)
}

// runForRoutes runs the built app and returns what it printed on stdout.
func runForRoutes(ctx context.Context, s *stdio, bin, dir string, env []string, timeout time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = &out
	cmd.Stderr = s.err
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("the app did not exit within %v; does it handle PYLON_PRINT_ROUTES=1?", timeout)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		s.err.Write(out.Bytes())
		return nil, fmt.Errorf("the app exited with code %d instead of printing its routes and exiting 0", ee.ExitCode())
	}
	if err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
