package forwarded_test

import (
	"fmt"
	"net/http"
	"net/netip"

	"github.com/pylonweb/pylon/internal/forwarded"
)

// A request that came through nginx at 10.0.0.2. The client wrote the
// first X-Forwarded-For line and the Forwarded header; nginx appended the
// address it saw, 203.0.113.9, and set X-Forwarded-Host and
// X-Forwarded-Proto.
func Example() {
	h := http.Header{}
	h.Add("X-Forwarded-For", "6.6.6.6")
	h.Add("X-Forwarded-For", "203.0.113.9, 10.0.0.2")
	h.Add("Forwarded", "for=6.6.6.6;host=evil.example;proto=http")
	h.Set("X-Forwarded-Host", "pylon.example")
	h.Set("X-Forwarded-Proto", "https")

	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	ip, _ := forwarded.ClientIP(h, "X-Forwarded-For", proxies)
	host, _ := forwarded.Host(h)
	scheme, _ := forwarded.Proto(h)
	fmt.Println(ip)
	fmt.Println(scheme + "://" + host + "/reset")
	// Output:
	// 203.0.113.9
	// https://pylon.example/reset
}
