package task

// State is where a task or service is in its life. The zero State is
// Pending.
type State int32

const (
	// Pending: created but not yet running (a delayed task, or a task
	// waiting for room in a Pool after its delay).
	Pending State = iota
	// Running: its function is executing.
	Running
	// Succeeded: it returned a nil error.
	Succeeded
	// Failed: it returned an error, other than by being killed.
	Failed
	// Killed: it was cancelled (Kill, KillAll, a fail-fast Group or its
	// parent context) and returned an error, or was cancelled before it
	// started.
	Killed
	// Panicked: it panicked (or called runtime.Goexit); the panic was
	// recovered into a *PanicError.
	Panicked
	// Restarting: a supervised service waiting out its backoff before its
	// next run. Tasks never have this state.
	Restarting
)

var stateNames = [...]string{"pending", "running", "succeeded", "failed", "killed", "panicked", "restarting"}

// String returns the lower-case name of s ("running", "killed", ...).
func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// MarshalText encodes s as its String, so JSON views show names.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Ended reports whether s is final: Succeeded, Failed, Killed or Panicked.
func (s State) Ended() bool { return s >= Succeeded && s <= Panicked }

// Kind tells tasks from supervised services in a Registry.
type Kind uint8

const (
	// KindTask is a task started by Go, Spawn, Later, a Group or a Pool.
	KindTask Kind = iota
	// KindService is a service run by a Supervisor.
	KindService
)

// String returns "task" or "service".
func (k Kind) String() string {
	if k == KindService {
		return "service"
	}
	return "task"
}

// MarshalText encodes k as its String.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }
