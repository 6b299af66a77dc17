package ws_test

import (
	"context"
	"encoding/binary"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/pylonweb/pylon/ws"
)

// BenchmarkBroadcast1000 broadcasts to a room of 1,000 connections and
// reports the delivery latency (from Broadcast to the client's Read) at
// p50 and p99 over every delivery. Each op is one broadcast, delivered to
// all before the next.
func BenchmarkBroadcast1000(b *testing.B) {
	const n = 1000
	addr, hub := startServer(b)
	ctx := context.Background()
	var (
		mu   sync.Mutex
		lats []time.Duration
		got  sync.WaitGroup
	)
	var readers sync.WaitGroup
	conns := make([]*websocket.Conn, n)
	for i := range conns {
		c, _, err := websocket.Dial(ctx, "ws://"+addr+"/room", nil)
		if err != nil {
			b.Fatal(err)
		}
		conns[i] = c
		readers.Go(func() {
			for {
				_, m, err := c.Read(ctx)
				if err != nil {
					return
				}
				d := time.Since(time.Unix(0, int64(binary.LittleEndian.Uint64(m))))
				mu.Lock()
				lats = append(lats, d)
				mu.Unlock()
				got.Done()
			}
		})
	}
	for len(hub.Conns("room")) < n {
		time.Sleep(time.Millisecond)
	}
	msg := make([]byte, 8)
	b.ResetTimer()
	for b.Loop() {
		got.Add(n)
		binary.LittleEndian.PutUint64(msg, uint64(time.Now().UnixNano()))
		if err := hub.Broadcast(ctx, "room", ws.Binary(slices.Clone(msg))); err != nil {
			b.Fatal(err)
		}
		got.Wait()
	}
	b.StopTimer()
	for _, c := range conns {
		c.CloseNow()
	}
	readers.Wait()
	slices.Sort(lats)
	b.ReportMetric(float64(lats[len(lats)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lats[len(lats)*99/100].Microseconds()), "p99-µs")
}
