package etag_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/pylonweb/pylon/internal/etag"
)

func ExampleWeak() {
	fmt.Println(etag.Weak(1024, time.Unix(0, 1e9)))
	// Output: W/"sg-gjdgxs"
}

func ExampleContent() {
	tag, _ := etag.Content(strings.NewReader("hello"))
	fmt.Println(tag)
	// Output: "LPJNul-wow4m6DsqxbninhsW"
}
