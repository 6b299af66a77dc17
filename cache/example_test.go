package cache_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/pylonweb/pylon/cache"
)

type Article struct {
	ID    int
	Title string
}

func Example() {
	c, err := cache.New(cache.Config{}) // short_term and long_term, in memory
	if err != nil {
		panic(err)
	}
	defer c.Close()
	ctx := context.Background()

	articles := cache.Typed[Article]{Region: c.Region("short_term")}
	load := func(ctx context.Context) (Article, error) {
		fmt.Println("loading article 42")
		return Article{ID: 42, Title: "Greenlets in Go"}, nil
	}
	for range 2 {
		a, err := articles.GetOrLoad(ctx, "article:42", load, "articles")
		fmt.Println(a.Title, err)
	}

	// After a write, drop everything tagged "articles".
	articles.Region.InvalidateTags(ctx, "articles")
	_, err = articles.Get(ctx, "article:42")
	fmt.Println(errors.Is(err, cache.ErrMiss))
	// Output:
	// loading article 42
	// Greenlets in Go <nil>
	// Greenlets in Go <nil>
	// true
}

func Example_negativeCaching() {
	b := cache.NewMemory(cache.MemoryConfig{})
	defer b.Close()
	users := cache.NewRegion("users", b, cache.RegionOptions{NegativeTTL: 30e9})
	ctx := context.Background()

	find := func(ctx context.Context) (string, error) {
		fmt.Println("query")
		return "", cache.ErrNotFound // the row does not exist
	}
	for range 2 {
		_, err := cache.GetOrLoadT(ctx, users, "user:404", find)
		fmt.Println(err)
	}
	// Output:
	// query
	// cache: not found
	// cache: not found
}

func ExampleNew_redis() {
	// The same regions on Redis: only the configuration changes.
	c, err := cache.New(cache.Config{
		Backend:  "redis",
		RedisURL: "redis://127.0.0.1:6379/0",
		Regions: map[string]cache.RegionConfig{
			"short_term": {TTL: cache.Duration(60e9)},
			"long_term":  {TTL: cache.Duration(3600e9), Encoding: "gob"},
		},
	})
	if err != nil {
		panic(err)
	}
	defer c.Close()
	fmt.Println(c.Names())
	// Output: [long_term short_term]
}
