package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/pylonweb/pylon/cmd/pylon/internal/build"
	"github.com/pylonweb/pylon/cmd/pylon/internal/proc"
	"github.com/pylonweb/pylon/cmd/pylon/internal/watch"
)

// devServer builds an app and runs it, and with reload swaps in a new build
// when the sources change. It is used by one goroutine.
type devServer struct {
	builder     build.Builder
	binDir      string   // where builds go, outside the watched tree
	dir         string   // the app's working directory
	env         []string // the app's environment
	stdio       *stdio
	stopTimeout time.Duration

	builds  int
	app     *proc.Process // the running app, or nil
	appPath string        // app's executable, removed when app stops
}

func (d *devServer) logf(format string, args ...any) {
	fmt.Fprintf(d.stdio.err, "pylon: "+format+"\n", args...)
}

// build builds the app into a new file, so that the running app's
// executable is never overwritten, and returns its path.
func (d *devServer) build(ctx context.Context) (string, error) {
	d.builds++
	path := filepath.Join(d.binDir, fmt.Sprintf("app-%d", d.builds))
	if err := d.builder.Build(ctx, path); err != nil {
		return "", err
	}
	return build.ExePath(path), nil
}

func (d *devServer) start(path string) error {
	cmd := exec.Command(path)
	cmd.Dir = d.dir
	cmd.Env = d.env
	cmd.Stdout = d.stdio.out
	cmd.Stderr = d.stdio.err
	// If the app leaves a child holding its output open, do not hang.
	cmd.WaitDelay = time.Second
	p, err := proc.Start(cmd)
	if err != nil {
		os.Remove(path)
		return err
	}
	d.app, d.appPath = p, path
	return nil
}

// stop stops the running app gracefully with sig and returns its exit code.
func (d *devServer) stop(sig os.Signal) int {
	code := d.app.StopWith(sig, d.stopTimeout)
	d.forget()
	return code
}

// forget drops the app after it has exited.
func (d *devServer) forget() {
	os.Remove(d.appPath)
	d.app, d.appPath = nil, ""
}

// serveOnce builds and runs the app until it exits or ctx is cancelled,
// and returns the app's exit code as an exitCode.
func (d *devServer) serveOnce(ctx context.Context) error {
	path, err := d.build(ctx)
	if ctx.Err() != nil {
		return exitCode(signalExitCode(ctx))
	}
	if err != nil {
		return err
	}
	if err := d.start(path); err != nil {
		return err
	}
	select {
	case <-d.app.Done():
		code := d.app.ExitCode()
		d.forget()
		return exitCode(code)
	case <-ctx.Done():
		return exitCode(d.stop(stopSignal(ctx)))
	}
}

// serveReload runs the app and rebuilds it after each quiet period
// following changes reported by w, until ctx is cancelled. It closes w.
func (d *devServer) serveReload(ctx context.Context, w *watch.Watcher, quiet time.Duration) error {
	batches := watch.Debounce(w.Changes(), quiet)
	defer func() {
		w.Close()
		for range batches {
			// Debounce ends once its last batch is taken.
		}
	}()
	d.rebuild(ctx)
	for {
		var exited <-chan struct{}
		if d.app != nil {
			exited = d.app.Done()
		}
		select {
		case <-ctx.Done():
			if d.app == nil {
				return exitCode(signalExitCode(ctx))
			}
			return exitCode(d.stop(stopSignal(ctx)))
		case files, ok := <-batches:
			if !ok {
				return fmt.Errorf("watcher stopped")
			}
			d.logf("%s changed; rebuilding", d.describe(files))
			d.rebuild(ctx)
		case <-exited:
			d.logf("app exited with code %d; waiting for changes", d.app.ExitCode())
			d.forget()
		}
	}
}

// rebuild builds the app and, if that works, replaces the running app with
// the new build. A failed build leaves the running app alone.
func (d *devServer) rebuild(ctx context.Context) {
	path, err := d.build(ctx)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		if d.app != nil {
			d.logf("build failed; the previous build keeps running\n%s", compilerErrors(err))
		} else {
			d.logf("build failed; waiting for changes\n%s", compilerErrors(err))
		}
		return
	}
	if d.app != nil {
		d.stop(syscall.SIGTERM)
	}
	if err := d.start(path); err != nil {
		d.logf("start: %v", err)
	}
}

// compilerErrors returns what the go command printed for a failed build,
// without the "exit status 1" that adds nothing for the reader.
func compilerErrors(err error) string {
	var be *build.Error
	if errors.As(err, &be) && len(be.Output) > 0 {
		return strings.TrimRight(string(be.Output), "\n")
	}
	return err.Error()
}

// describe names changed files briefly, relative to the app's directory.
func (d *devServer) describe(files []string) string {
	const show = 3
	names := make([]string, 0, show)
	for _, f := range files[:min(len(files), show)] {
		if rel, err := filepath.Rel(d.dir, f); err == nil {
			f = rel
		}
		names = append(names, f)
	}
	s := strings.Join(names, ", ")
	if n := len(files) - show; n > 0 {
		s += fmt.Sprintf(" and %d more", n)
	}
	return s
}
