package task

import (
	"math/rand/v2"
	"time"
)

// Backoff computes the delay before a supervised service's next restart:
// it doubles from Min with each consecutive failure up to Max, minus a
// random part (jitter) so that services failing together do not restart in
// lockstep. The zero Backoff uses the defaults below. A Backoff is a plain
// value, safe to use concurrently.
type Backoff struct {
	// Min is the delay before the first restart. If zero, 100ms.
	Min time.Duration
	// Max caps the delay. If zero, 10s; if less than Min, Min.
	Max time.Duration
	// Jitter is the largest fraction of a delay that is randomly taken
	// off it, between 0 and 1. If zero, 0.2; if negative, none, which
	// makes delays exact.
	Jitter float64
}

func (b Backoff) bounds() (lo, hi time.Duration) {
	lo, hi = b.Min, b.Max
	if lo <= 0 {
		lo = 100 * time.Millisecond
	}
	if hi == 0 {
		hi = 10 * time.Second
	}
	return lo, max(lo, hi)
}

// Delay returns the delay before restart number attempt (1 for the first
// restart after a failure): Min·2^(attempt-1), at most Max, less jitter.
func (b Backoff) Delay(attempt int) time.Duration {
	lo, hi := b.bounds()
	d := lo
	for i := 1; i < attempt && d < hi; i++ {
		d *= 2 // stops at hi, so it cannot overflow
	}
	d = min(d, hi)
	j := b.Jitter
	switch {
	case j == 0:
		j = 0.2
	case j < 0:
		return d
	case j > 1:
		j = 1
	}
	return d - time.Duration(j*rand.Float64()*float64(d))
}
