package ws

import "sync/atomic"

// Stats counts a Hub's activity since it was made.
type Stats struct {
	// Open is the number of WebSocket connections open now.
	Open int `json:"open"`
	// Accepted counts upgraded connections; Closed those that ended.
	Accepted int64 `json:"accepted"`
	Closed   int64 `json:"closed"`
	// Rejected counts upgrades refused for their origin or the
	// per-client limit.
	Rejected int64 `json:"rejected"`
	// SlowConsumers counts connections closed for a full send queue.
	SlowConsumers int64 `json:"slow_consumers"`
	// RateLimited counts connections closed for sending over
	// Endpoint.MessageRate.
	RateLimited int64 `json:"rate_limited"`
	// Received and Sent count WebSocket data messages.
	Received int64 `json:"received"`
	Sent     int64 `json:"sent"`
	// Broadcasts counts Broadcast and SendToUser calls.
	Broadcasts int64 `json:"broadcasts"`
	// BackendErrors counts failed publishes and presence updates.
	BackendErrors int64 `json:"backend_errors"`
}

type counters struct {
	accepted, closed, rejected, slowConsumers atomic.Int64
	rateLimited                               atomic.Int64
	received, sent, broadcasts, backendErrors atomic.Int64
}

// Stats returns the Hub's counters.
func (h *Hub) Stats() Stats {
	s := &h.stats
	return Stats{
		Open:          h.Len(),
		Accepted:      s.accepted.Load(),
		Closed:        s.closed.Load(),
		Rejected:      s.rejected.Load(),
		SlowConsumers: s.slowConsumers.Load(),
		RateLimited:   s.rateLimited.Load(),
		Received:      s.received.Load(),
		Sent:          s.sent.Load(),
		Broadcasts:    s.broadcasts.Load(),
		BackendErrors: s.backendErrors.Load(),
	}
}
