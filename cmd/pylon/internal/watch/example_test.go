package watch_test

import (
	"fmt"
	"time"

	"github.com/pylonweb/pylon/cmd/pylon/internal/watch"
)

func ExampleDebounce() {
	changes := make(chan string)
	// A long quiet period keeps this output independent of timing: closing
	// changes sends what is pending at once.
	batches := watch.Debounce(changes, time.Hour)
	go func() {
		// An editor saving several files at once.
		for _, f := range []string{"main.go", "users.go", "main.go", "base.html"} {
			changes <- f
		}
		close(changes)
	}()
	for files := range batches {
		fmt.Println("rebuild for", files)
	}
	// Output:
	// rebuild for [main.go users.go base.html]
}

func ExampleIsSource() {
	for _, f := range []string{"main.go", "main_test.go", "app.toml", "templates/index.html", "static/app.css", ".main.go.swp"} {
		fmt.Println(f, watch.IsSource(f))
	}
	// Output:
	// main.go true
	// main_test.go false
	// app.toml true
	// templates/index.html true
	// static/app.css false
	// .main.go.swp false
}
