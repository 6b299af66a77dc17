package task

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Registry records every live task and supervised service, for a monitor
// such as /debug/tasks: what is running, for whom, since when, and the
// means to kill a task or restart a service. A task leaves it as it ends,
// before Wait returns or State reports the end.
//
// Recording costs a lock on one of many shards (chosen at random, so
// spawning goroutines rarely meet) and a list insert and delete; the spawn
// benchmark measures it. Goroutine stacks cost nothing until asked for:
// see TrackGoroutines.
//
// The zero Registry is empty and ready to use. Set its fields before the
// first task uses it; to hear of panics later, or from several places at
// once, use WatchPanics. All methods may be called concurrently. A panic
// in OnPanic, in a WatchPanics function or in Metrics is not recovered.
type Registry struct {
	// Metrics, if set, is told when each task or service run starts and
	// ends. If nil, nothing is counted.
	Metrics Metrics
	// OnPanic, if set, is called with the task's or service's Info and the
	// *PanicError (or ErrGoexit) whenever one panics, and when an OnDone,
	// OnSuccess or OnError callback panics (with an error matching
	// ErrCallbackPanic). It runs in the panicking goroutine, before the
	// WatchPanics functions. If nil, panics are only returned as errors,
	// counted and passed to the WatchPanics functions.
	OnPanic func(Info, error)

	trackGoroutines atomic.Bool
	watchMu         sync.Mutex
	watchers        atomic.Pointer[[]*panicWatcher] // copied on write
	shards          [registryShards]registryShard
}

// panicWatcher is one WatchPanics registration; its pointer is its
// identity.
type panicWatcher struct{ f func(Info, error) }

const registryShards = 32

// registryShard holds two intrusive lists, one of tasks and one of
// services: adding and removing costs a few pointer writes under the lock,
// with no hashing and no allocation. Lookups by ID walk one shard, which is
// fine for a monitor. Tasks have a list of their own so that their link
// needs no interface value: smaller, and fewer pointers to write.
type registryShard struct {
	mu    sync.Mutex
	next  uint64
	n     int
	tasks *core          // through core.rn
	head  *regNode       // services
	_     [128 - 40]byte // keep shards on separate cache lines
}

// taskNode links a task into its shard's list.
type taskNode struct {
	prev, next *core
	id         uint64
}

// regNode links a service into its shard's list.
type regNode struct {
	prev, next *regNode
	id         uint64
	e          entry
}

// entry is what a Registry holds: a task's core or a supervised service.
type entry interface {
	info() Info
	kill()
	goroutine() uint64
}

// Info describes one live task or service. It is plain data, ready for
// encoding/json.
type Info struct {
	ID    uint64 `json:"id"`
	Kind  Kind   `json:"kind"`
	Name  string `json:"name"`
	Owner string `json:"owner,omitempty"`
	State State  `json:"state"`
	// Started is when the task, or the service's current run, started;
	// zero while pending. For tasks, see Task.Started about its clock.
	Started time.Time `json:"started"`
	// Restarts counts a service's restarts; zero for tasks.
	Restarts int `json:"restarts,omitempty"`
	// LastError is the error of a service's last failed run (see
	// ServiceInfo.LastError); empty for tasks.
	LastError string `json:"last_error,omitempty"`
	// Goroutine is the ID of the goroutine running it, if recorded (see
	// TrackGoroutines); zero otherwise.
	Goroutine uint64 `json:"goroutine,omitempty"`
}

// DefaultCounters counts the tasks and services of DefaultRegistry.
var DefaultCounters = new(Counters)

// DefaultRegistry records tasks and services whose Spec or configuration
// names no Registry. Its Metrics is DefaultCounters.
var DefaultRegistry = &Registry{Metrics: DefaultCounters}

// ErrNotFound is returned for an ID or name the Registry does not hold,
// such as that of a task that has ended.
var ErrNotFound = errors.New("task: not found in registry")

// ErrNoGoroutine is returned by Stack for a task whose goroutine ID was
// not recorded because TrackGoroutines was off when it started.
var ErrNoGoroutine = errors.New("task: goroutine ID not recorded (Registry.TrackGoroutines is off)")

// shard picks a shard at random, so that goroutines spawning at once
// rarely meet, and returns it and its index.
func (r *Registry) shard() (*registryShard, uint64) {
	i := uint64(rand.Uint32() % registryShards)
	return &r.shards[i], i
}

// add records a service.
func (r *Registry) add(sv *service) {
	s, i := r.shard()
	n := &sv.rn
	n.e = sv
	s.mu.Lock()
	s.next++
	n.id = s.next*registryShards + i
	sv.setID(n.id) // before the entry is visible to Snapshot
	n.next = s.head
	if s.head != nil {
		s.head.prev = n
	}
	s.head = n
	s.n++
	s.mu.Unlock()
}

// remove takes a service out of the registry; it does nothing if the
// service is not in it.
func (r *Registry) remove(sv *service) {
	n := &sv.rn
	if n.id == 0 {
		return
	}
	s := &r.shards[n.id%registryShards]
	s.mu.Lock()
	if n.prev != nil {
		n.prev.next = n.next
	} else if s.head == n {
		s.head = n.next
	}
	if n.next != nil {
		n.next.prev = n.prev
	}
	n.prev, n.next = nil, nil
	s.n--
	s.mu.Unlock()
}

// addTask records a task and gives it its ID.
func (r *Registry) addTask(c *core) {
	s, i := r.shard()
	s.mu.Lock()
	s.next++
	c.rn.id = s.next*registryShards + i
	c.rn.next = s.tasks
	if s.tasks != nil {
		s.tasks.rn.prev = c
	}
	s.tasks = c
	s.n++
	s.mu.Unlock()
}

// removeTask takes out a task recorded by addTask.
func (r *Registry) removeTask(c *core) {
	n := &c.rn
	s := &r.shards[n.id%registryShards]
	s.mu.Lock()
	if n.prev != nil {
		n.prev.rn.next = n.next
	} else {
		s.tasks = n.next
	}
	if n.next != nil {
		n.next.rn.prev = n.prev
	}
	n.prev, n.next = nil, nil
	s.n--
	s.mu.Unlock()
}

func (r *Registry) lookup(id uint64) entry {
	s := &r.shards[id%registryShards]
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := s.tasks; c != nil; c = c.rn.next {
		if c.rn.id == id {
			return c
		}
	}
	for n := s.head; n != nil; n = n.next {
		if n.id == id {
			return n.e
		}
	}
	return nil
}

func (r *Registry) started(kind Kind, name string) {
	if r.Metrics != nil {
		r.Metrics.TaskStarted(kind, name)
	}
}

func (r *Registry) ended(kind Kind, name string, st State, d time.Duration) {
	if r.Metrics != nil {
		r.Metrics.TaskEnded(kind, name, st, d)
	}
}

func (r *Registry) panicked(info Info, err error) {
	if r.OnPanic != nil {
		r.OnPanic(info, err)
	}
	if ws := r.watchers.Load(); ws != nil {
		for _, w := range *ws {
			w.f(info, err)
		}
	}
}

// WatchPanics arranges for f to be called as OnPanic is, after it, with
// every panic the Registry hears of from now on, until stop is called. It
// never replaces OnPanic, and several functions may watch at once, each
// called in the order they were added. Unlike setting OnPanic, it may be
// done at any time, also while tasks run, which suits something that
// comes and goes, such as an App logging the panics of a Registry it
// shares. stop may be called more than once; after it returns, f is
// called by no panic reported later, though one being reported at that
// moment may still reach it.
func (r *Registry) WatchPanics(f func(Info, error)) (stop func()) {
	w := &panicWatcher{f: f}
	r.watchMu.Lock()
	var list []*panicWatcher
	if old := r.watchers.Load(); old != nil {
		list = slices.Clone(*old)
	}
	list = append(list, w)
	r.watchers.Store(&list)
	r.watchMu.Unlock()
	return func() {
		r.watchMu.Lock()
		defer r.watchMu.Unlock()
		old := r.watchers.Load()
		if old == nil {
			return
		}
		list := slices.DeleteFunc(slices.Clone(*old), func(x *panicWatcher) bool { return x == w })
		if len(list) == 0 {
			r.watchers.Store(nil)
			return
		}
		r.watchers.Store(&list)
	}
}

// TrackGoroutines turns on or off recording the goroutine ID of tasks
// started from now on, which Stack needs. Recording parses the header of
// runtime.Stack in the new goroutine, about 2µs per task, several times
// the cost of the task itself, so it is off by default; a monitor can turn
// it on while someone is looking. Services always record theirs.
func (r *Registry) TrackGoroutines(on bool) { r.trackGoroutines.Store(on) }

// Len returns how many tasks and services the Registry holds.
func (r *Registry) Len() int {
	n := 0
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		n += s.n
		s.mu.Unlock()
	}
	return n
}

// Snapshot returns the Info of every live task and service, oldest first,
// then those that have not started.
func (r *Registry) Snapshot() []Info {
	var es []entry
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		for c := s.tasks; c != nil; c = c.rn.next {
			es = append(es, c)
		}
		for n := s.head; n != nil; n = n.next {
			es = append(es, n.e)
		}
		s.mu.Unlock()
	}
	infos := make([]Info, len(es))
	for i, e := range es {
		infos[i] = e.info()
	}
	slices.SortFunc(infos, func(a, b Info) int {
		if az, bz := a.Started.IsZero(), b.Started.IsZero(); az != bz {
			if az {
				return 1
			}
			return -1
		}
		if c := a.Started.Compare(b.Started); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return infos
}

// Get returns the Info of the task or service with the given ID.
func (r *Registry) Get(id uint64) (Info, bool) {
	e := r.lookup(id)
	if e == nil {
		return Info{}, false
	}
	return e.info(), true
}

// Kill kills the task with the given ID, or restarts the service with it.
// It returns ErrNotFound if there is none.
func (r *Registry) Kill(id uint64) error {
	e := r.lookup(id)
	if e == nil {
		return ErrNotFound
	}
	e.kill()
	return nil
}

// Restart restarts the supervised service with the given name (the first
// found, if several supervisors use the name). It returns ErrNotFound if
// there is none.
func (r *Registry) Restart(name string) error {
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		var found *service
		for n := s.head; n != nil; n = n.next {
			if sv, ok := n.e.(*service); ok && sv.name == name {
				found = sv
				break
			}
		}
		s.mu.Unlock()
		if found != nil {
			return found.sup.Restart(name)
		}
	}
	return ErrNotFound
}

// Stack returns the current stack of the goroutine running the task or
// service with the given ID, in runtime.Stack's format. It stops the world
// briefly to collect every goroutine's stack, so it is for a person
// looking at a monitor, not for a loop. It returns ErrNotFound if the ID
// is unknown or the goroutine is gone, and ErrNoGoroutine if the
// goroutine's ID was not recorded.
func (r *Registry) Stack(id uint64) ([]byte, error) {
	e := r.lookup(id)
	if e == nil {
		return nil, ErrNotFound
	}
	gid := e.goroutine()
	if gid == 0 {
		return nil, ErrNoGoroutine
	}
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	header := []byte("goroutine " + strconv.FormatUint(gid, 10) + " [")
	for block := range bytes.SplitSeq(buf, []byte("\n\n")) {
		if bytes.HasPrefix(block, header) {
			return append(block, '\n'), nil
		}
	}
	return nil, fmt.Errorf("goroutine %d: %w", gid, ErrNotFound)
}

// info, kill and goroutine make a task's core a Registry entry.

func (c *core) info() Info {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Info{
		ID:        c.rn.id,
		Kind:      KindTask,
		Name:      c.m.name,
		Owner:     c.m.owner,
		State:     State(c.state.Load()),
		Started:   c.startedAt(),
		Goroutine: c.goroutine(),
	}
}

func (c *core) kill() { c.Kill() }

func (c *core) goroutine() uint64 {
	if x := c.x.Load(); x != nil {
		return x.gid.Load()
	}
	return 0
}
