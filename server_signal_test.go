package pylon_test

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
)

// TestSecondSignalEndsShutdown runs the test binary itself as an app whose
// one request never finishes and whose shutdown would wait an hour: the
// first SIGINT starts the graceful shutdown, the second ends the process.
func TestSecondSignalEndsShutdown(t *testing.T) {
	if os.Getenv("PYLON_TEST_SIGNAL_CHILD") != "" {
		app := pylon.New(pylon.Config{Server: pylon.ServerConfig{ShutdownTimeout: pylon.Duration(time.Hour)}})
		app.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
		app.GET("/up", func(c *pylon.Context) error { return c.String(http.StatusOK, "up") })
		app.GET("/stuck", func(c *pylon.Context) error {
			app.Logger.Info("stuck request")
			select {} // ignores even its context
		})
		app.Run(context.Background())
		os.Exit(0) // only if Run returned, which it must not
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondSignalEndsShutdown$")
	cmd.Env = append(os.Environ(), "PYLON_TEST_SIGNAL_CHILD=1", "PYLON_ADDR="+addr)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	logs := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			select {
			case logs <- sc.Text():
			default:
			}
		}
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	waitLog := func(msg string) {
		t.Helper()
		for line := range logs {
			if strings.Contains(line, msg) {
				return
			}
		}
		t.Fatalf("child ended before logging %q", msg)
	}

	waitLog("pylon: serving")
	go http.Get("http://" + addr + "/stuck")
	waitLog("stuck request")
	cmd.Process.Signal(syscall.SIGINT)
	waitLog("pylon: shutting down")
	cmd.Process.Signal(syscall.SIGINT)

	// The child must now die of the signal; without the fix it would wait
	// for its hour. The bound only keeps a broken build from hanging the
	// suite.
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGINT {
			t.Fatalf("child ended with %v, want killed by SIGINT", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the second SIGINT did not end the shutdown")
	}
}
