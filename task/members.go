package task

import (
	"context"
	"sync"
)

// link threads a task into one members list without an allocation.
type link struct{ prev, next *core }

// members is the live tasks of a Group or a Pool: a count, an intrusive
// list for KillAll, and a channel closed when the count drops to zero.
type members struct {
	mu   sync.Mutex
	pool bool // use core.pl instead of core.gl
	n    int
	seq  uint64 // members added so far
	head *core
	idle chan struct{}
}

func (m *members) link(c *core) *link {
	if m.pool {
		return &c.x.Load().pl
	}
	return &c.gl
}

func (m *members) add(c *core) {
	m.mu.Lock()
	l := m.link(c)
	l.next = m.head
	if m.head != nil {
		m.link(m.head).prev = c
	}
	m.head = c
	m.n++
	m.seq++
	if !m.pool {
		c.seq = m.seq // a task is in at most one Group
	}
	m.mu.Unlock()
}

func (m *members) remove(c *core) {
	m.mu.Lock()
	l := m.link(c)
	if l.prev != nil {
		m.link(l.prev).next = l.next
	} else {
		m.head = l.next
	}
	if l.next != nil {
		m.link(l.next).prev = l.prev
	}
	l.prev, l.next = nil, nil
	m.n--
	if m.n == 0 && m.idle != nil {
		close(m.idle)
		m.idle = nil
	}
	m.mu.Unlock()
}

func (m *members) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

// wait waits until no member is left or ctx is done.
func (m *members) wait(ctx context.Context) error {
	m.mu.Lock()
	if m.n == 0 {
		m.mu.Unlock()
		return nil
	}
	if m.idle == nil {
		m.idle = make(chan struct{})
	}
	idle := m.idle
	m.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// killAll kills the members alive now. Kill runs outside the lock because
// a killed pending task leaves the list at once.
func (m *members) killAll() {
	m.mu.Lock()
	list := make([]*core, 0, m.n)
	for c := m.head; c != nil; c = m.link(c).next {
		list = append(list, c)
	}
	m.mu.Unlock()
	for _, c := range list {
		c.Kill()
	}
}
