package ws_test

import (
	"context"
	"sync"
	"testing"

	"github.com/coder/websocket"
)

func dialEcho(tb testing.TB, addr string) *websocket.Conn {
	c, _, err := websocket.Dial(context.Background(), "ws://"+addr+"/echo", nil)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func roundTrip(b *testing.B, c *websocket.Conn, msg []byte) {
	ctx := context.Background()
	if err := c.Write(ctx, websocket.MessageText, msg); err != nil {
		b.Fatal(err)
	}
	if _, _, err := c.Read(ctx); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEcho measures echo round trips of a 32-byte text message on
// one connection and on 100 used at once.
func BenchmarkEcho(b *testing.B) {
	msg := []byte("0123456789abcdef0123456789abcdef")
	b.Run("conns=1", func(b *testing.B) {
		addr, _ := startServer(b)
		c := dialEcho(b, addr)
		defer c.CloseNow()
		b.ResetTimer()
		for b.Loop() {
			roundTrip(b, c, msg)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "roundtrips/s")
	})
	b.Run("conns=100", func(b *testing.B) {
		addr, _ := startServer(b)
		conns := make([]*websocket.Conn, 100)
		for i := range conns {
			conns[i] = dialEcho(b, addr)
			defer conns[i].CloseNow()
		}
		b.ResetTimer()
		var wg sync.WaitGroup
		for i, c := range conns {
			n := b.N / len(conns)
			if i < b.N%len(conns) {
				n++
			}
			wg.Go(func() {
				for range n {
					roundTrip(b, c, msg)
				}
			})
		}
		wg.Wait()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "roundtrips/s")
	})
}
