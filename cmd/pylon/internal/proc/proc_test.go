package proc_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/pylonweb/pylon/cmd/pylon/internal/proc"
	"go.uber.org/goleak"
)

// helperEnv makes the test binary act as the child program; its value
// names the behaviour (see helperMain).
const helperEnv = "PYLON_PROC_TEST_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		helperMain(mode)
		return
	}
	goleak.VerifyTestMain(m)
}

// helperMain is the child program. It prints "ready" once it has set up its
// signal handling, so that the test can signal it without racing.
func helperMain(mode string) {
	switch mode {
	case "graceful":
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
		fmt.Println("ready")
		fmt.Println("got", <-sigs)
		os.Exit(3)
	case "stubborn":
		signal.Ignore(syscall.SIGTERM)
		fmt.Println("ready")
		time.Sleep(time.Hour) // until killed
	case "exit7":
		os.Exit(7)
	}
	os.Exit(100)
}

// startHelper starts the helper in mode and returns the process and a
// scanner over its standard output.
func startHelper(t *testing.T, mode string) (*proc.Process, *bufio.Scanner) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	cmd.Stdout = w
	cmd.Stderr = os.Stderr
	p, err := proc.Start(cmd)
	w.Close() // the child holds its own copy
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Stop(0) })
	return p, bufio.NewScanner(r)
}

func expectLine(t *testing.T, sc *bufio.Scanner, want string) {
	t.Helper()
	if !sc.Scan() {
		t.Fatalf("child output ended (%v), want line %q", sc.Err(), want)
	}
	if got := sc.Text(); got != want {
		t.Fatalf("child printed %q, want %q", got, want)
	}
}

func TestStopGraceful(t *testing.T) {
	tests := []struct {
		name string
		stop func(*proc.Process) int
		want string
	}{
		{"SIGTERM", func(p *proc.Process) int { return p.Stop(time.Minute) }, "got terminated"},
		{"forwarded SIGINT", func(p *proc.Process) int { return p.StopWith(os.Interrupt, time.Minute) }, "got interrupt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, out := startHelper(t, "graceful")
			expectLine(t, out, "ready")
			if code := tt.stop(p); code != 3 {
				t.Errorf("exit code = %d, want 3 (the child's own)", code)
			}
			expectLine(t, out, tt.want)
		})
	}
}

func TestStopKillsStubbornChild(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM to ignore on Windows")
	}
	p, out := startHelper(t, "stubborn")
	expectLine(t, out, "ready")
	// The short timeout is the behaviour under test, not synchronization:
	// the child ignores SIGTERM, so only SIGKILL ends it.
	if code := p.Stop(time.Millisecond); code != 128+int(syscall.SIGKILL) {
		t.Errorf("exit code = %d, want %d (killed)", code, 128+int(syscall.SIGKILL))
	}
}

func TestExitCodeOfFinishedChild(t *testing.T) {
	p, _ := startHelper(t, "exit7")
	if code := p.Wait(); code != 7 {
		t.Errorf("Wait = %d, want 7", code)
	}
	var ee *exec.ExitError
	if !errors.As(p.Err(), &ee) {
		t.Errorf("Err = %v, want *exec.ExitError", p.Err())
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("Signal after exit = %v, want nil", err)
	}
	if code := p.Stop(time.Minute); code != 7 {
		t.Errorf("Stop after exit = %d, want 7", code)
	}
}

func TestExitCodeWhileRunning(t *testing.T) {
	p, out := startHelper(t, "graceful")
	expectLine(t, out, "ready")
	if code := p.ExitCode(); code != -1 {
		t.Errorf("ExitCode of running child = %d, want -1", code)
	}
	select {
	case <-p.Done():
		t.Fatal("Done closed while the child runs")
	default:
	}
	p.Stop(time.Minute)
	<-p.Done()
}
