package task

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Service is a long-running piece of work a Supervisor keeps alive. Serve
// runs until ctx is done or it fails, and should return promptly once ctx
// is done. It is the interface of github.com/thejerf/suture, so services
// written for one supervise under the other, and Supervisor is itself a
// Service, so supervisors nest.
type Service interface {
	Serve(ctx context.Context) error
}

// ServiceFunc adapts a function to Service.
type ServiceFunc func(ctx context.Context) error

// Serve calls f(ctx).
func (f ServiceFunc) Serve(ctx context.Context) error { return f(ctx) }

// Policy says when a Supervisor restarts a service whose Serve returned
// while the supervisor was running. The zero Policy is Always.
type Policy uint8

const (
	// Always restarts the service whenever Serve returns, even with nil.
	Always Policy = iota
	// OnFailure restarts it when Serve returns an error or panics.
	OnFailure
	// Never leaves it stopped; Restart can still start it again.
	Never
)

// String returns "always", "on-failure" or "never".
func (p Policy) String() string {
	switch p {
	case Always:
		return "always"
	case OnFailure:
		return "on-failure"
	case Never:
		return "never"
	}
	return "unknown"
}

// MarshalText encodes p as its String.
func (p Policy) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// ErrRestartIntensity is matched by the error Supervisor.Serve returns when
// its services restarted more than MaxRestarts times within Window: the
// supervisor gives up and stops, so that its parent (another Supervisor, or
// main) can restart it or exit, as in Erlang/OTP.
var ErrRestartIntensity = errors.New("task: restart intensity exceeded")

// SupervisorConfig configures a Supervisor. Its zero value uses every
// default below.
type SupervisorConfig struct {
	// Name names the supervisor in errors and is the Owner of its services
	// in the Registry. If empty, "supervisor".
	Name string
	// Backoff spaces out restarts; see Backoff for its defaults. The
	// backoff of a service starts again from Min once a run has lasted at
	// least Backoff's Max.
	Backoff Backoff
	// MaxRestarts is how many restarts (of all its services together) the
	// supervisor allows within Window; one more makes Serve stop every
	// service and return an error matching ErrRestartIntensity. If zero,
	// 10; if negative, no limit. Restarts asked for with Restart do not
	// count.
	MaxRestarts int
	// Window is the period MaxRestarts counts over. If zero, one minute.
	Window time.Duration
	// StopTimeout is how long Serve waits for each service to return after
	// cancelling it during shutdown, before reporting it with ErrStuck and
	// moving on. If zero, 10s.
	StopTimeout time.Duration
	// Registry records the services. If nil, DefaultRegistry.
	Registry *Registry
	// OnRestart, if set, is called before each automatic restart with the
	// service's name, its last error (nil if it returned nil under
	// Always) and the backoff delay, for logging. It runs in the
	// service's goroutine. A panic in it is recovered and reported to the
	// Registry as a callback's (ErrCallbackPanic); the restart goes on.
	OnRestart func(name string, err error, delay time.Duration)
}

// Supervisor runs services and restarts them by policy, with exponential
// backoff and a restart-intensity limit (gevent has no counterpart; this
// is Erlang's supervisor, shaped like suture). On shutdown it stops
// services in the reverse order of Add, each after the later ones have
// returned.
//
// The zero Supervisor uses the defaults of SupervisorConfig; NewSupervisor
// sets a configuration. All methods may be called concurrently. A panic in
// a service's Serve is recovered into a *PanicError and counts as a
// failure.
type Supervisor struct {
	cfg SupervisorConfig

	mu       sync.Mutex
	services []*service
	byName   map[string]*service
	running  bool
	base     context.Context // services' parent: Serve's ctx without its cancellation
	stopping chan struct{}   // closed when shutdown begins
	escalate chan error
	restarts []time.Time // within Window, for the intensity limit
}

// NewSupervisor returns a Supervisor configured by cfg.
func NewSupervisor(cfg SupervisorConfig) *Supervisor { return &Supervisor{cfg: cfg} }

func (s *Supervisor) name() string {
	if s.cfg.Name == "" {
		return "supervisor"
	}
	return s.cfg.Name
}

func (s *Supervisor) reg() *Registry {
	if s.cfg.Registry == nil {
		return DefaultRegistry
	}
	return s.cfg.Registry
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// ServiceInfo describes one service of a Supervisor.
type ServiceInfo struct {
	Name     string `json:"name"`
	Policy   Policy `json:"policy"`
	State    State  `json:"state"`
	Restarts int    `json:"restarts"`
	// LastError is the error of the last run that failed or panicked, nil
	// if none has. A run ended by a stop or by Restart did not fail, even
	// if it returned context.Canceled, and leaves LastError as it was.
	LastError error `json:"-"`
	// Started is when the current or last run started.
	Started time.Time `json:"started"`
	// Uptime is how long the current run has lasted; zero if not running.
	Uptime time.Duration `json:"uptime_ns"`
}

type service struct {
	sup    *Supervisor
	name   string
	svc    Service
	policy Policy
	id     atomic.Uint64 // in the Registry, while the supervisor runs
	rn     regNode
	gid    atomic.Uint64

	mu         sync.Mutex
	state      State
	restarts   int
	lastErr    error
	started    time.Time
	cancel     context.CancelFunc // of the current run
	restartReq bool
	stopping   bool
	looping    bool
	loopDone   chan struct{}
	wake       chan struct{} // cuts a backoff short
}

// Add adds a service under a unique name. If the supervisor is running,
// the service starts at once; otherwise it starts with Serve.
func (s *Supervisor) Add(name string, svc Service, p Policy) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.byName[name]; dup {
		return fmt.Errorf("task: supervisor %q: service %q already added", s.name(), name)
	}
	if s.byName == nil {
		s.byName = make(map[string]*service)
	}
	sv := &service{sup: s, name: name, svc: svc, policy: p, wake: make(chan struct{}, 1)}
	s.services = append(s.services, sv)
	s.byName[name] = sv
	if s.running && !isClosed(s.stopping) {
		s.startLocked(sv)
	}
	return nil
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// Serve starts every service and supervises them until ctx is done, then
// stops them in reverse order and returns nil, or an error matching
// ErrStuck for services that did not return within StopTimeout. If the
// restart intensity is exceeded, it stops them the same way and returns
// an error matching ErrRestartIntensity. A Supervisor serves once at a
// time; it may Serve again after Serve returns.
func (s *Supervisor) Serve(ctx context.Context) error {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return fmt.Errorf("task: supervisor %q is already serving", s.name())
	}
	s.running = true
	s.base = context.WithoutCancel(ctx)
	s.stopping = make(chan struct{})
	s.escalate = make(chan error, 1)
	s.restarts = nil
	for _, sv := range s.services {
		s.startLocked(sv)
	}
	s.mu.Unlock()

	var err error
	select {
	case <-ctx.Done():
	case err = <-s.escalate:
	}
	return errors.Join(err, s.shutdown())
}

// startLocked registers sv and starts its loop; s.mu is held.
func (s *Supervisor) startLocked(sv *service) {
	if sv.id.Load() == 0 {
		s.reg().add(sv)
	}
	sv.mu.Lock()
	sv.stopping = false
	sv.looping = true
	done := make(chan struct{})
	sv.loopDone = done
	restart := !sv.started.IsZero() // ran before: in an earlier Serve, or stopped by policy
	sv.mu.Unlock()
	go s.loop(sv, s.base, s.stopping, done, restart)
}

func (s *Supervisor) shutdown() error {
	s.mu.Lock()
	close(s.stopping)
	svcs := slices.Clone(s.services)
	s.mu.Unlock()
	for _, sv := range svcs {
		sv.mu.Lock()
		sv.stopping = true
		sv.mu.Unlock()
	}
	var errs []error
	for _, sv := range slices.Backward(svcs) {
		sv.mu.Lock()
		cancel, done := sv.cancel, sv.loopDone
		sv.mu.Unlock()
		if cancel != nil {
			cancel()
		}
		if done != nil {
			t := time.NewTimer(orDefault(s.cfg.StopTimeout, 10*time.Second))
			select {
			case <-done:
			case <-t.C:
				errs = append(errs, fmt.Errorf("task: supervisor %q: service %q: %w", s.name(), sv.name, ErrStuck))
			}
			t.Stop()
		}
	}
	s.mu.Lock()
	for _, sv := range svcs {
		if sv.id.Swap(0) != 0 {
			s.reg().remove(sv)
			sv.rn.id = 0
		}
	}
	s.running = false
	s.mu.Unlock()
	return errors.Join(errs...)
}

// loop runs one service until its policy, the intensity limit or shutdown
// ends it.
func (s *Supervisor) loop(sv *service, base context.Context, stopping, done chan struct{}, restart bool) {
	sv.gid.Store(goroutineID()) // a few µs once per service, not per run
	final := Pending            // of the last run
	defer func() {
		sv.mu.Lock()
		sv.looping = false
		if sv.state == Running { // Serve called runtime.Goexit
			sv.state, sv.lastErr, sv.cancel = Panicked, ErrGoexit, nil
		} else {
			sv.state = final
		}
		sv.mu.Unlock()
		close(done)
	}()
	reg := s.reg()
	attempt := 0
	for {
		ctx, cancel := context.WithCancel(base)
		sv.mu.Lock()
		if sv.stopping {
			sv.mu.Unlock()
			cancel()
			return
		}
		if restart {
			sv.restarts++
		}
		restart = true
		sv.cancel, sv.state, sv.started = cancel, Running, time.Now()
		sv.restartReq = false // any Restart so far is honoured by this run
		sv.mu.Unlock()
		select {
		case <-sv.wake: // a stale wake-up must not cut a later backoff short
		default:
		}
		reg.started(KindService, sv.name)

		err, panicked := serveOnce(ctx, sv.svc)
		cancel()

		sv.mu.Lock()
		ran := time.Since(sv.started)
		final = Succeeded
		switch {
		case panicked:
			final = Panicked
		case err != nil && (sv.restartReq || sv.stopping) && errors.Is(err, context.Canceled):
			final = Killed
		case err != nil:
			final = Failed
		}
		if final == Failed || final == Panicked {
			// Not a run ended by a stop or a Restart, nor a clean return.
			sv.lastErr = err
		}
		sv.cancel = nil
		sv.state = final
		restartReq, stopped := sv.restartReq, sv.stopping
		sv.restartReq = false
		sv.mu.Unlock()
		reg.ended(KindService, sv.name, final, ran)
		if panicked {
			reg.panicked(sv.info(), err)
		}
		switch {
		case stopped:
			return
		case restartReq:
			attempt = 0
			continue
		case sv.policy == Never, sv.policy == OnFailure && err == nil:
			if sv.takeRestartReq() {
				continue
			}
			return
		}
		if ran >= max(s.cfg.Backoff.bounds()) {
			attempt = 0
		}
		attempt++
		if eerr := s.noteRestart(sv, err); eerr != nil {
			select {
			case s.escalate <- eerr:
			default:
			}
			return
		}
		delay := s.cfg.Backoff.Delay(attempt)
		sv.mu.Lock()
		sv.state = Restarting
		sv.mu.Unlock()
		if s.cfg.OnRestart != nil {
			s.onRestart(sv, err, delay)
		}
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-sv.wake:
		case <-stopping:
		}
		t.Stop()
	}
}

// takeRestartReq reports whether a Restart arrived while the loop was
// deciding to stop; if not, the loop is marked as ending under the same
// lock, so that Restart starts a new one instead.
func (sv *service) takeRestartReq() bool {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.restartReq && !sv.stopping {
		sv.restartReq = false
		return true
	}
	sv.looping = false
	return false
}

// onRestart calls OnRestart, recovering a panic in it as a callback's, so
// that it cannot end the process from the service's goroutine.
func (s *Supervisor) onRestart(sv *service, err error, delay time.Duration) {
	defer func() {
		if r := recover(); r != nil {
			s.reg().panicked(sv.info(), &callbackPanic{newPanicError(r)})
		}
	}()
	s.cfg.OnRestart(sv.name, err, delay)
}

func serveOnce(ctx context.Context, svc Service) (err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			err, panicked = newPanicError(r), true
		}
	}()
	return svc.Serve(ctx), false
}

// noteRestart counts a restart against the intensity limit and returns the
// escalation error if it is exceeded.
func (s *Supervisor) noteRestart(sv *service, last error) error {
	limit := orDefault(s.cfg.MaxRestarts, 10)
	if limit < 0 {
		return nil
	}
	window := orDefault(s.cfg.Window, time.Minute)
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.restarts = slices.DeleteFunc(s.restarts, func(t time.Time) bool { return now.Sub(t) >= window })
	if len(s.restarts) >= limit {
		if last == nil {
			last = errors.New("returned nil")
		}
		return fmt.Errorf("task: supervisor %q: %w (%d in %v): service %q: %w",
			s.name(), ErrRestartIntensity, limit, window, sv.name, last)
	}
	s.restarts = append(s.restarts, now)
	return nil
}

// Restart stops the named service's current run and starts it again at
// once, without backoff and without counting towards MaxRestarts. A
// service in backoff restarts now; one that has stopped (Never, or
// OnFailure after success) starts again. It returns ErrNotFound for an
// unknown name and an error if the supervisor is not serving.
func (s *Supervisor) Restart(name string) error {
	s.mu.Lock()
	sv := s.byName[name]
	serving := s.running && !isClosed(s.stopping)
	if sv == nil {
		s.mu.Unlock()
		return fmt.Errorf("task: supervisor %q: service %q: %w", s.name(), name, ErrNotFound)
	}
	if !serving {
		s.mu.Unlock()
		return fmt.Errorf("task: supervisor %q is not serving", s.name())
	}
	sv.mu.Lock()
	if !sv.looping {
		sv.mu.Unlock()
		s.startLocked(sv)
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	sv.restartReq = true
	cancel := sv.cancel
	sv.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	select {
	case sv.wake <- struct{}{}:
	default:
	}
	return nil
}

// Services returns the state of every service, in the order they were
// added.
func (s *Supervisor) Services() []ServiceInfo {
	s.mu.Lock()
	svcs := slices.Clone(s.services)
	s.mu.Unlock()
	out := make([]ServiceInfo, len(svcs))
	now := time.Now()
	for i, sv := range svcs {
		sv.mu.Lock()
		out[i] = ServiceInfo{
			Name:      sv.name,
			Policy:    sv.policy,
			State:     sv.state,
			Restarts:  sv.restarts,
			LastError: sv.lastErr,
			Started:   sv.started,
		}
		if sv.state == Running {
			out[i].Uptime = now.Sub(sv.started)
		}
		sv.mu.Unlock()
	}
	return out
}

// info, kill and goroutine make a service a Registry entry; killing a
// service restarts it.

func (sv *service) info() Info {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	in := Info{
		ID:        sv.id.Load(),
		Kind:      KindService,
		Name:      sv.name,
		Owner:     sv.sup.name(),
		State:     sv.state,
		Started:   sv.started,
		Restarts:  sv.restarts,
		Goroutine: sv.gid.Load(),
	}
	if sv.lastErr != nil {
		in.LastError = sv.lastErr.Error()
	}
	return in
}

func (sv *service) kill() { sv.sup.Restart(sv.name) }

func (sv *service) setID(id uint64) { sv.id.Store(id) }

func (sv *service) goroutine() uint64 { return sv.gid.Load() }
