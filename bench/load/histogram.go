package load

import (
	"math/bits"
	"time"
)

// subBuckets per power of two: values are kept to within 1/subBuckets
// (about 1.6%) of their size.
const (
	subBits    = 6
	subBuckets = 1 << subBits
)

// Histogram counts durations in log-linear buckets: exact below 64ns,
// then 64 buckets per power of two. Its memory is fixed (about 30 KiB)
// however many values it holds. The zero Histogram is empty and ready to
// use; it is not safe for concurrent use: give each goroutine its own and
// Merge them.
type Histogram struct {
	counts [64 * subBuckets]uint64
	n      uint64
	max    time.Duration
}

func bucketOf(v uint64) int {
	if v < subBuckets {
		return int(v)
	}
	exp := bits.Len64(v) - subBits // >= 1
	return exp*subBuckets + int(v>>uint(exp-1)) - subBuckets
}

// lowerBound returns the smallest value that falls in bucket i.
func lowerBound(i int) uint64 {
	if i < subBuckets {
		return uint64(i)
	}
	exp := i / subBuckets
	sub := i%subBuckets + subBuckets
	return uint64(sub) << uint(exp-1)
}

// Record adds one duration; negative ones count as zero.
func (h *Histogram) Record(d time.Duration) {
	v := uint64(max(d, 0))
	h.counts[bucketOf(v)]++
	h.n++
	h.max = max(h.max, d)
}

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}

// Count returns how many durations were recorded.
func (h *Histogram) Count() uint64 { return h.n }

// Max returns the largest duration recorded.
func (h *Histogram) Max() time.Duration { return h.max }

// Percentile returns the duration below which a fraction p (0 to 1) of the
// recorded ones fall, to the histogram's precision; zero if it is empty.
func (h *Histogram) Percentile(p float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(p*float64(h.n) + 0.5)
	rank = min(max(rank, 1), h.n)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			// The middle of the bucket, but never past the maximum.
			lo, hi := lowerBound(i), lowerBound(i+1)
			return min(time.Duration(lo+(hi-lo)/2), h.max)
		}
	}
	return h.max
}
