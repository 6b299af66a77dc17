package ws

import (
	"math"
	"testing"

	"golang.org/x/time/rate"
)

func TestMessageLimiterConfig(t *testing.T) {
	for _, tc := range []struct {
		name      string
		rate      float64
		burst     int
		wantNil   bool
		wantLimit rate.Limit
		wantBurst int
	}{
		{"default", 0, 0, false, 100, 100},
		{"NaN is the default", math.NaN(), 0, false, 100, 100},
		{"off", -1, 0, true, 0, 0},
		{"burst from rate", 2.5, 0, false, 2.5, 3},
		{"slow rate still bursts one", 0.1, 0, false, 0.1, 1},
		{"explicit burst", 10, 40, false, 10, 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := (&Endpoint{MessageRate: tc.rate, MessageBurst: tc.burst}).messageLimiter()
			if tc.wantNil {
				if l != nil {
					t.Fatalf("limiter = %v, want none", l)
				}
				return
			}
			if l.Limit() != tc.wantLimit || l.Burst() != tc.wantBurst {
				t.Errorf("limit %v burst %d, want %v and %d", l.Limit(), l.Burst(), tc.wantLimit, tc.wantBurst)
			}
		})
	}
}
