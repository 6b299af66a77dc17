package ws

import (
	"sync"
	"time"
)

// pinger is an Endpoint's keepalive: one goroutine and one ticker for all
// of its connections, instead of one per connection. It runs while the
// Endpoint has connections and pings each of them every PingInterval;
// the connection's writer sends the ping and drops a connection whose
// pong does not come within PongTimeout.
type pinger struct {
	mu    sync.Mutex
	conns map[*Conn]struct{}
	stop  chan struct{} // closes to end the running loop; nil if none
}

// add starts pinging c every d.
func (p *pinger) add(c *Conn, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conns == nil {
		p.conns = make(map[*Conn]struct{})
	}
	p.conns[c] = struct{}{}
	if p.stop == nil {
		p.stop = make(chan struct{})
		go p.loop(d, p.stop)
	}
}

// remove stops pinging c, and stops the loop when no connection is left.
func (p *pinger) remove(c *Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, c)
	if len(p.conns) == 0 && p.stop != nil {
		close(p.stop)
		p.stop = nil
		p.conns = nil // let the map's memory go
	}
}

func (p *pinger) loop(d time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(d)
	defer t.Stop()
	var batch []*Conn
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		p.mu.Lock()
		for c := range p.conns {
			batch = append(batch, c)
		}
		p.mu.Unlock()
		for _, c := range batch {
			c.requestPing()
		}
		clear(batch)
		batch = batch[:0]
	}
}
