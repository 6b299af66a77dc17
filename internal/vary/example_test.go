package vary_test

import (
	"fmt"
	"net/http"

	"github.com/pylonweb/pylon/internal/vary"
)

func ExampleAdd() {
	h := http.Header{}
	vary.Add(h, "Cookie")          // CSRF
	vary.Add(h, "Accept-Encoding") // Compress
	vary.Add(h, "cookie")          // sessions: already there
	fmt.Println(h["Vary"])
	// Output: [Cookie Accept-Encoding]
}
