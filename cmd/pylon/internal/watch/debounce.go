package watch

import (
	"slices"
	"time"
)

// Debounce collects the values received from in and sends them on the
// returned channel as one batch once no new value has arrived for quiet.
// A batch holds each value once, in the order first received.
//
// Values that arrive while the consumer has not yet taken a settled batch
// join that batch. When in is closed, the values not yet sent are sent at
// once as a final batch, and then the returned channel is closed; the
// consumer must read it until then.
func Debounce[T comparable](in <-chan T, quiet time.Duration) <-chan []T {
	out := make(chan []T)
	go debounce(in, out, quiet)
	return out
}

func debounce[T comparable](in <-chan T, out chan<- []T, quiet time.Duration) {
	defer close(out)
	var (
		pending []T // values still settling
		ready   []T // settled values waiting for the consumer
		timer   *time.Timer
		settled <-chan time.Time // timer.C while values are settling
		send    chan<- []T       // out while ready is not empty
	)
	for {
		select {
		case v, ok := <-in:
			if !ok {
				if timer != nil {
					timer.Stop()
				}
				if ready = merge(ready, pending); len(ready) > 0 {
					out <- ready
				}
				return
			}
			pending = merge(pending, []T{v})
			if timer == nil {
				timer = time.NewTimer(quiet)
			} else {
				timer.Reset(quiet)
			}
			settled = timer.C
		case <-settled:
			ready, pending, settled = merge(ready, pending), nil, nil
			send = out
		case send <- ready:
			ready, send = nil, nil
		}
	}
}

// merge appends to dst the values of src that it does not hold yet.
func merge[T comparable](dst, src []T) []T {
	for _, v := range src {
		if !slices.Contains(dst, v) {
			dst = append(dst, v)
		}
	}
	return dst
}
