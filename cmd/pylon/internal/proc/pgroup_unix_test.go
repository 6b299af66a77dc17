//go:build unix

package proc_test

import (
	"syscall"
	"testing"
	"time"
)

func TestChildHasOwnProcessGroup(t *testing.T) {
	p, out := startHelper(t, "graceful")
	expectLine(t, out, "ready")
	pgid, err := syscall.Getpgid(p.Pid())
	if err != nil {
		t.Fatal(err)
	}
	if pgid != p.Pid() {
		t.Errorf("child process group = %d, want its own (%d)", pgid, p.Pid())
	}
	p.Stop(time.Minute)
}
