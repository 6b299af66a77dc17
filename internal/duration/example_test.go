package duration_test

import (
	"fmt"

	"github.com/pylonweb/pylon/internal/duration"
)

func ExampleParse() {
	for _, s := range []string{"30", "1m30s", "-5s"} {
		d, err := duration.Parse(s)
		fmt.Println(d, err)
	}
	// Output:
	// 30s <nil>
	// 1m30s <nil>
	// 0s negative duration -5s
}
