package ws

import (
	"testing"

	"github.com/redis/go-redis/v9"
)

// Failed publishes whose message never comes back are forgotten beyond
// the last failedKept.
func TestRedisForgetsOldFailures(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{})
	defer rdb.Close()
	r := NewRedis(RedisConfig{Client: rdb})
	for n := range uint64(3 * failedKept) {
		r.takeOff(n + 1)
		r.fail(n + 1)
	}
	if len(r.flights) != failedKept || r.failed != failedKept || r.flights[2*failedKept+1] == nil {
		t.Errorf("%d flights, %d failed, want the last %d", len(r.flights), r.failed, failedKept)
	}
	if !r.echo(1, "1") || r.echo(3*failedKept, "2") || r.failed != failedKept-1 {
		t.Errorf("a forgotten failure's message is dropped, or a remembered one's delivered")
	}
}
