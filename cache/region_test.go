package cache_test

import (
	"context"
	"errors"
	"testing"

	"github.com/pylonweb/pylon/cache"
)

type article struct {
	ID    int
	Title string
	Tags  []string
}

func TestSetGetDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		r := newRegion(t, kind, cache.RegionOptions{})
		arts := cache.Typed[article]{Region: r}
		if _, err := arts.Get(ctx, "a"); !errors.Is(err, cache.ErrMiss) {
			t.Fatalf("Get before Set: err = %v, want ErrMiss", err)
		}
		want := article{ID: 1, Title: "Hello", Tags: []string{"go"}}
		if err := arts.Set(ctx, "a", want); err != nil {
			t.Fatal(err)
		}
		got, err := arts.Get(ctx, "a")
		if err != nil || got.ID != want.ID || got.Title != want.Title || len(got.Tags) != 1 {
			t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
		}
		if err := r.Delete(ctx, "a", "absent"); err != nil {
			t.Fatal(err)
		}
		if _, err := arts.Get(ctx, "a"); !errors.Is(err, cache.ErrMiss) {
			t.Fatalf("Get after Delete: err = %v, want ErrMiss", err)
		}
	})
}

func TestUntypedGet(t *testing.T) {
	forEachBackend(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		r := newRegion(t, kind, cache.RegionOptions{})
		if err := r.Set(ctx, "s", "text"); err != nil {
			t.Fatal(err)
		}
		v, err := r.Get(ctx, "s")
		if err != nil || v != "text" {
			t.Fatalf("Get = %#v, %v; want \"text\"", v, err)
		}
	})
}

func TestGetOrLoadStoresAndHits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		r := newRegion(t, kind, cache.RegionOptions{})
		calls := 0
		load := func(context.Context) (article, error) {
			calls++
			return article{ID: 7, Title: "Seven"}, nil
		}
		for range 3 {
			a, err := cache.GetOrLoadT(ctx, r, "a:7", load)
			if err != nil || a.ID != 7 {
				t.Fatalf("GetOrLoadT = %+v, %v", a, err)
			}
		}
		if calls != 1 {
			t.Errorf("loader ran %d times, want 1", calls)
		}
	})
}

func TestGetOrLoadErrorIsNotCached(t *testing.T) {
	forEachBackend(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		r := newRegion(t, kind, cache.RegionOptions{NegativeTTL: 60e9})
		boom := errors.New("boom")
		calls := 0
		load := func(context.Context) (int, error) { calls++; return 0, boom }
		for range 2 {
			if _, err := cache.GetOrLoadT(ctx, r, "k", load); !errors.Is(err, boom) {
				t.Fatalf("err = %v, want boom", err)
			}
		}
		if calls != 2 {
			t.Errorf("loader ran %d times, want 2 (errors are not cached)", calls)
		}
	})
}

func TestNegativeCaching(t *testing.T) {
	forEachBackend(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		calls := 0
		load := func(context.Context) (string, error) {
			calls++
			return "", errors.Join(errors.New("no such article"), cache.ErrNotFound)
		}

		r := newRegion(t, kind, cache.RegionOptions{NegativeTTL: 60e9})
		for range 3 {
			if _, err := cache.GetOrLoadT(ctx, r, "missing", load); !errors.Is(err, cache.ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
		}
		if calls != 1 {
			t.Errorf("with NegativeTTL the loader ran %d times, want 1", calls)
		}
		if _, err := r.Get(ctx, "missing"); !errors.Is(err, cache.ErrNotFound) {
			t.Errorf("Get of a negative entry: err = %v, want ErrNotFound", err)
		}

		calls = 0
		plain := newRegion(t, kind, cache.RegionOptions{})
		for range 3 {
			cache.GetOrLoadT(ctx, plain, "missing", load)
		}
		if calls != 3 {
			t.Errorf("without NegativeTTL the loader ran %d times, want 3", calls)
		}
	})
}

func TestInvalidateTags(t *testing.T) {
	forEachBackend(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		r := newRegion(t, kind, cache.RegionOptions{TTL: 60e9})
		must(t, r.Set(ctx, "a", 1, "articles", "user:1"))
		must(t, r.Set(ctx, "b", 2, "articles"))
		must(t, r.Set(ctx, "c", 3, "user:1"))
		must(t, r.Set(ctx, "d", 4))
		_, err := cache.GetOrLoadT(ctx, r, "e", func(context.Context) (int, error) { return 5, nil }, "articles")
		must(t, err)

		must(t, r.InvalidateTags(ctx, "articles"))
		for key, wantHit := range map[string]bool{"a": false, "b": false, "c": true, "d": true, "e": false} {
			_, err := cache.GetT[int](ctx, r, key)
			if hit := err == nil; hit != wantHit {
				t.Errorf("after invalidating articles, %q hit = %v (err %v), want %v", key, hit, err, wantHit)
			}
		}

		// A key re-set with the tag after an invalidation is indexed again.
		must(t, r.Set(ctx, "a", 10, "articles"))
		must(t, r.InvalidateTags(ctx, "articles", "user:1"))
		for _, key := range []string{"a", "c"} {
			if _, err := cache.GetT[int](ctx, r, key); !errors.Is(err, cache.ErrMiss) {
				t.Errorf("%q after second invalidation: err = %v, want ErrMiss", key, err)
			}
		}
		if _, err := cache.GetT[int](ctx, r, "d"); err != nil {
			t.Errorf("untagged d was invalidated: %v", err)
		}
	})
}

func TestClear(t *testing.T) {
	forEachBackend(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		r := newRegion(t, kind, cache.RegionOptions{})
		must(t, r.Set(ctx, "a", 1, "t"))
		must(t, r.Clear(ctx))
		if _, err := r.Get(ctx, "a"); !errors.Is(err, cache.ErrMiss) {
			t.Errorf("after Clear: err = %v, want ErrMiss", err)
		}
	})
}

func TestDecodeMismatch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		r := newRegion(t, kind, cache.RegionOptions{})
		must(t, r.Set(ctx, "k", article{ID: 1}))
		var de *cache.DecodeError
		if _, err := cache.GetT[int](ctx, r, "k"); !errors.As(err, &de) {
			t.Fatalf("GetT[int] of an article: err = %v, want a *DecodeError", err)
		}
		n, err := cache.GetOrLoadT(ctx, r, "k", func(context.Context) (int, error) { return 9, nil })
		if err != nil || n != 9 {
			t.Fatalf("GetOrLoadT over a mismatched entry = %d, %v; want 9 (replaced)", n, err)
		}
		if n, err := cache.GetT[int](ctx, r, "k"); err != nil || n != 9 {
			t.Errorf("after replacement GetT = %d, %v", n, err)
		}
	})
}

func TestLoadOverlappingInvalidationIsNotStored(t *testing.T) {
	forEachBackend(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		r := newRegion(t, kind, cache.RegionOptions{})
		v, err := cache.GetOrLoadT(ctx, r, "k", func(ctx context.Context) (string, error) {
			// A writer invalidates while the loader reads the old value.
			must(t, r.InvalidateTags(ctx, "articles"))
			return "old", nil
		}, "articles")
		if err != nil || v != "old" {
			t.Fatalf("GetOrLoadT = %q, %v", v, err)
		}
		if _, err := r.Get(ctx, "k"); !errors.Is(err, cache.ErrMiss) {
			t.Errorf("a load that overlapped an invalidation was stored (err = %v)", err)
		}
	})
}

func TestEncodings(t *testing.T) {
	ctx := context.Background()
	t.Run("gob", func(t *testing.T) {
		r := newRegion(t, "redis", cache.RegionOptions{Codec: cache.Gob})
		must(t, r.Set(ctx, "a", article{ID: 3, Title: "Gob"}))
		a, err := cache.GetT[article](ctx, r, "a")
		if err != nil || a.Title != "Gob" {
			t.Fatalf("GetT = %+v, %v", a, err)
		}
	})
	t.Run("raw", func(t *testing.T) {
		r := newRegion(t, "redis", cache.RegionOptions{Codec: cache.Raw})
		must(t, r.Set(ctx, "b", []byte("bytes")))
		b, err := cache.GetT[[]byte](ctx, r, "b")
		if err != nil || string(b) != "bytes" {
			t.Fatalf("GetT = %q, %v", b, err)
		}
		if err := r.Set(ctx, "c", article{}); err == nil {
			t.Error("raw encoding stored a struct")
		}
	})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
