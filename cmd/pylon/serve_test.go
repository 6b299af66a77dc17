package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// serveApp stands in for a Pylon app: it says when it is ready, waits for a
// signal, says which one it got, and exits with FAKE_EXIT (default 0).
// Tests rewrite appVersion to make a change.
const serveApp = `package main

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
)

const appVersion = "VERSION"

func main() {
	code, _ := strconv.Atoi(os.Getenv("FAKE_EXIT"))
	if os.Getenv("FAKE_EXIT") != "" {
		os.Exit(code)
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	fmt.Printf("ready %s config=%s\n", appVersion, filepath.Base(os.Getenv("PYLON_CONFIG")))
	fmt.Printf("stopping %s on %v\n", appVersion, <-sigs)
}
`

func appSource(version string) string {
	return strings.Replace(serveApp, "VERSION", version, 1)
}

// startServe runs pylon with args in a goroutine; cancel stops it as the
// signal would, and the returned channel gives its exit code.
func startServe(t *testing.T, args ...string) (stdout, stderr *recorder, cancel context.CancelCauseFunc, code <-chan int) {
	t.Helper()
	stdout, stderr = newRecorder(), newRecorder()
	ctx, cancel := context.WithCancelCause(context.Background())
	codes := make(chan int, 1)
	done := make(chan struct{})
	go func() {
		codes <- run(ctx, args, stdout, stderr)
		close(done)
	}()
	t.Cleanup(func() {
		cancel(nil)
		<-done // never leave pylon or its app running
	})
	return stdout, stderr, cancel, codes
}

func TestServeReload(t *testing.T) {
	dir := writeApp(t, appSource("v1"))
	cfg := filepath.Join(dir, "dev.toml")
	writeFile(t, cfg, "")
	mainGo := filepath.Join(dir, "main.go")

	stdout, stderr, cancel, code := startServe(t, "serve", "--reload", "--dir", dir, cfg)
	stdout.waitFor(t, "ready v1 config=dev.toml")

	writeFile(t, mainGo, appSource("v2"))
	stderr.waitFor(t, "main.go changed; rebuilding")
	stdout.waitFor(t, "stopping v1 on terminated")
	stdout.waitFor(t, "ready v2")

	writeFile(t, mainGo, appSource("v3")+"func broken() { undefinedFunc() }\n")
	stderr.waitFor(t, "build failed; the previous build keeps running")
	stderr.waitFor(t, "undefined: undefinedFunc")
	if got := stdout.since(); got != "" {
		t.Fatalf("the app printed %q after a failed build; want it left running", got)
	}

	writeFile(t, mainGo, appSource("v4"))
	stdout.waitFor(t, "stopping v2 on terminated")
	stdout.waitFor(t, "ready v4")

	cancel(signalError{os.Interrupt})
	if got := <-code; got != 0 {
		t.Errorf("exit code = %d, want 0 (the app's)\nstderr:\n%s", got, stderr)
	}
	stdout.waitFor(t, "stopping v4 on interrupt")
}

func TestServeOnce(t *testing.T) {
	dir := writeApp(t, appSource("v1"))

	t.Run("forwards the signal", func(t *testing.T) {
		stdout, stderr, cancel, code := startServe(t, "serve", "--dir", dir)
		stdout.waitFor(t, "ready v1 config=.")
		cancel(signalError{syscall.SIGTERM})
		if got := <-code; got != 0 {
			t.Errorf("exit code = %d, want 0\nstderr:\n%s", got, stderr)
		}
		stdout.waitFor(t, "stopping v1 on terminated")
	})

	t.Run("passes on the exit code", func(t *testing.T) {
		t.Setenv("FAKE_EXIT", "5")
		_, stderr, _, code := startServe(t, "serve", "--dir", dir)
		if got := <-code; got != 5 {
			t.Errorf("exit code = %d, want 5\nstderr:\n%s", got, stderr)
		}
	})
}
