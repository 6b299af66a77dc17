// Package proc runs an app as a child process that can be stopped
// gracefully: first a polite signal, then a kill if it does not exit in time.
//
//	p, err := proc.Start(exec.Command("./app"))
//	...
//	code := p.Stop(5 * time.Second) // SIGTERM, then SIGKILL after 5s
package proc

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Process is a started child process. Its methods may be called from
// several goroutines at once.
type Process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited and cmd.Wait returned
	err  error         // cmd.Wait's result, set before done is closed
}

// Start starts cmd and returns a Process that waits for it in the
// background. On Unix the child gets its own process group, so that a
// terminal's Ctrl-C reaches only the parent, which decides what to forward.
// The caller must not call cmd.Wait.
func Start(cmd *exec.Cmd) (*Process, error) {
	setProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Process{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Pid returns the process ID of the child.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Done returns a channel that is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Signal sends sig to the process. Signalling a process that has already
// exited is not an error.
func (p *Process) Signal(sig os.Signal) error {
	err := p.cmd.Process.Signal(sig)
	if errors.Is(err, os.ErrProcessDone) {
		return nil
	}
	return err
}

// Wait blocks until the process exits and returns its exit code, as
// [Process.ExitCode] does.
func (p *Process) Wait() int {
	<-p.done
	return p.ExitCode()
}

// Stop asks the process to exit with SIGTERM and waits for it. If it has
// not exited after timeout, or the system cannot deliver SIGTERM, Stop kills
// it. Stop returns the exit code, as [Process.ExitCode] does.
func (p *Process) Stop(timeout time.Duration) int {
	return p.StopWith(syscall.SIGTERM, timeout)
}

// StopWith is [Process.Stop] with sig as the polite signal, so that a
// parent can forward the SIGINT it received.
func (p *Process) StopWith(sig os.Signal, timeout time.Duration) int {
	select {
	case <-p.done:
		return p.ExitCode()
	default:
	}
	if err := p.Signal(sig); err == nil {
		t := time.NewTimer(timeout)
		defer t.Stop()
		select {
		case <-p.done:
			return p.ExitCode()
		case <-t.C:
		}
	}
	_ = p.cmd.Process.Kill() // fails only if the process exited meanwhile
	return p.Wait()
}

// ExitCode returns the exit code of a process that has exited: its own
// code, or 128 plus the signal number if a signal ended it, as shells
// report it. It returns -1 while the process is running or if it could not
// be waited for.
func (p *Process) ExitCode() int {
	select {
	case <-p.done:
	default:
		return -1
	}
	st := p.cmd.ProcessState
	if st == nil {
		return -1
	}
	if ws, ok := st.Sys().(interface {
		Signaled() bool
		Signal() syscall.Signal
	}); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return st.ExitCode()
}

// Err returns the error from waiting for the process: nil for exit code 0,
// an [*exec.ExitError] otherwise. It returns nil while the process runs.
func (p *Process) Err() error {
	select {
	case <-p.done:
		return p.err
	default:
		return nil
	}
}
