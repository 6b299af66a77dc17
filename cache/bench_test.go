package cache_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/pylonweb/pylon/cache"
)

func loadArticle(context.Context) (Article, error) { return Article{ID: 1, Title: "t"}, nil }

func benchHit(b *testing.B, kind string) {
	benchHitOn(b, newRegion(b, kind, cache.RegionOptions{}))
}

func benchHitOn(b *testing.B, r *cache.Region) {
	ctx := context.Background()
	arts := cache.Typed[Article]{Region: r}
	must(b, arts.Set(ctx, "a", Article{ID: 1, Title: "t"}))
	b.Run("GetT", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := arts.Get(ctx, "a"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GetOrLoadT", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := arts.GetOrLoad(ctx, "a", loadArticle); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GetOrLoadT/parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := arts.GetOrLoad(ctx, "a", loadArticle); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkMemoryHit measures a hit in a memory region.
func BenchmarkMemoryHit(b *testing.B) { benchHit(b, "memory") }

// BenchmarkMemoryHitCoarseClock measures a hit in a memory region whose
// expiry reads a clock updated every 10ms instead of the system clock.
func BenchmarkMemoryHitCoarseClock(b *testing.B) {
	m := cache.NewMemory(cache.MemoryConfig{ClockResolution: 10 * time.Millisecond})
	b.Cleanup(func() { m.Close() })
	benchHitOn(b, cache.NewRegion("bench", m, cache.RegionOptions{TTL: time.Minute}))
}

// BenchmarkRedisHit measures a hit in a Redis region: one round trip and
// a JSON decode.
func BenchmarkRedisHit(b *testing.B) { benchHit(b, "redis") }

// benchStampede measures 1,000 concurrent GetOrLoad misses of one key,
// the loader running once, from the first call to the last return.
func benchStampede(b *testing.B, kind string) {
	ctx := context.Background()
	r := newRegion(b, kind, cache.RegionOptions{})
	b.ReportAllocs()
	for b.Loop() {
		must(b, r.Delete(ctx, "hot"))
		var wg sync.WaitGroup
		for range misses {
			wg.Go(func() {
				if _, err := cache.GetOrLoadT(ctx, r, "hot", loadArticle); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
	}
}

func BenchmarkStampede1000Memory(b *testing.B) { benchStampede(b, "memory") }
func BenchmarkStampede1000Redis(b *testing.B)  { benchStampede(b, "redis") }
