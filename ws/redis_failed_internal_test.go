package ws

import (
	"testing"

	"github.com/redis/go-redis/v9"
)

// A failed publish leaves nothing behind, however many there are, and
// its echo, if it comes after all, is dropped.
func TestRedisForgetsOldFailures(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{})
	defer rdb.Close()
	r := NewRedis(RedisConfig{Client: rdb})
	r.connect()
	const n = 3000
	for i := range uint64(n) {
		r.takeOff(i+1, Text("x"), true)
		r.fail(i + 1)
	}
	if len(r.flights) != 0 {
		t.Errorf("%d flights left after %d failed publishes, want none", len(r.flights), n)
	}
	if r.echo(1, "1") || r.echo(n, "2") || len(r.flights) != 0 {
		t.Errorf("the echo of a failed publish is delivered, or remembered")
	}
}

// When the subscription drops, this instance's publishes that succeeded
// but have not come back are handed to the caller, in ID order, and
// those still under way are left to the Hub: each reaches the local
// clients once.
func TestRedisDisconnectSettlesFlights(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{})
	defer rdb.Close()
	r := NewRedis(RedisConfig{Client: rdb})
	r.connect()
	for n := range uint64(4) {
		r.takeOff(n+1, Text(string(rune('a'+n))), true)
	}
	landed := []bool{r.land(2, "10"), r.land(1, "9")}
	r.echo(3, "11") // echoed before its reply: already delivered
	lost := r.disconnect()
	if !landed[0] || !landed[1] || len(lost) != 2 || lost[0].ID != "9" || string(lost[0].Data) != "a" || lost[1].ID != "10" {
		t.Errorf("landed %v, then the subscription dropped and gave back %+v, want a (9) and b (10)", landed, lost)
	}
	if !r.land(3, "11") {
		t.Error("a publish echoed before its reply is left to the Hub")
	}
	if r.land(4, "12") || r.echo(4, "12") {
		t.Error("a publish under way when the subscription dropped is left to the subscription")
	}
	if len(r.flights) != 0 {
		t.Errorf("%d flights left", len(r.flights))
	}
	// While the subscription is down, the Hub delivers every publish.
	r.takeOff(5, Text("e"), true)
	if r.land(5, "13") || r.echo(5, "13") {
		t.Error("a publish while the subscription is down is left to the subscription")
	}
}
