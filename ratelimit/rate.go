package ratelimit

import (
	"context"
	"fmt"
	"time"
)

// Rate is a token bucket: a client may make Burst requests at once, and
// the bucket refills at Requests per Period. A Rate is comparable, so it
// can key a map.
type Rate struct {
	// Requests is how many requests are allowed per Period, on average.
	// It must be more than zero.
	Requests int

	// Period is the time over which Requests are allowed. It must be more
	// than zero.
	Period time.Duration

	// Burst is how many requests may come at once, the size of the bucket.
	// If not set, Requests.
	Burst int
}

// PerSecond returns a Rate of n requests a second, in bursts of up to n.
func PerSecond(n int) Rate { return Rate{Requests: n, Period: time.Second} }

// PerMinute returns a Rate of n requests a minute, in bursts of up to n.
func PerMinute(n int) Rate { return Rate{Requests: n, Period: time.Minute} }

// PerHour returns a Rate of n requests an hour, in bursts of up to n.
func PerHour(n int) Rate { return Rate{Requests: n, Period: time.Hour} }

// String returns the rate as "10/1s burst 20".
func (r Rate) String() string {
	return fmt.Sprintf("%d/%s burst %d", r.Requests, r.Period, r.burst())
}

func (r Rate) burst() int {
	if r.Burst > 0 {
		return r.Burst
	}
	return r.Requests
}

// interval is the time it takes to refill one token.
func (r Rate) interval() time.Duration {
	return r.Period / time.Duration(r.Requests)
}

func (r Rate) valid() bool {
	return r.Requests > 0 && r.Period > 0 && r.Burst >= 0 && r.interval() > 0
}

// Result is a store's answer for one request.
type Result struct {
	// Allowed reports whether the request may go ahead.
	Allowed bool
	// Limit is the size of the bucket, the Rate's burst.
	Limit int
	// Remaining is how many more requests would be allowed right now.
	Remaining int
	// RetryAfter is how long to wait before a request is allowed; zero
	// when Allowed.
	RetryAfter time.Duration
	// ResetAfter is how long until the bucket is full again.
	ResetAfter time.Duration
}

// Store holds token buckets, one per key and Rate. Implementations must be
// safe for concurrent use.
type Store interface {
	// Allow takes a token from the bucket of key for rate and reports the
	// result. Buckets for different rates are separate, even for one key.
	Allow(ctx context.Context, key string, rate Rate) (Result, error)
}
