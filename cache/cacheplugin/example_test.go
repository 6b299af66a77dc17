package cacheplugin_test

import (
	"context"
	"fmt"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/cache"
	"github.com/pylonweb/pylon/cache/cacheplugin"
)

// The [cache] section of the configuration picks the backend; without
// one, the regions short_term and long_term live in memory.
func Example() {
	app := pylon.New(pylon.Config{})
	caches := cacheplugin.New(cache.Config{})
	if err := app.Plug(caches); err != nil {
		fmt.Println(err)
		return
	}
	defer app.Stop(context.Background())

	greetings := cache.Typed[string]{Region: caches.Cache().Region("short_term")}
	loads := 0
	for range 3 {
		v, _ := greetings.GetOrLoad(context.Background(), "hello", func(context.Context) (string, error) {
			loads++
			return "Hello, Pylon!", nil
		})
		fmt.Println(v)
	}
	fmt.Println("loads:", loads)
	// Output:
	// Hello, Pylon!
	// Hello, Pylon!
	// Hello, Pylon!
	// loads: 1
}
