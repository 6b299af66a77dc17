package forwarded_test

import (
	"testing"

	"github.com/pylonweb/pylon/internal/forwarded"
)

func TestParseProxies(t *testing.T) {
	prefixes, err := forwarded.ParseProxies([]string{"10.0.0.0/8", " 192.0.2.7 ", "::ffff:172.16.0.0/108", "::ffff:198.51.100.9", "2001:db8::/32"})
	if err != nil {
		t.Fatal(err)
	}
	for peer, want := range map[string]bool{
		"10.1.2.3:5000":         true,
		"192.0.2.7:1":           true,
		"192.0.2.8:1":           false,
		"172.16.4.4:80":         true, // an IPv4-mapped prefix is read as IPv4
		"[::ffff:172.16.4.4]:8": true, // and so is a mapped peer
		"198.51.100.9:2":        true,
		"[2001:db8::1%eth0]:9":  true, // a zone is dropped
		"[2001:db9::1]:9":       false,
		"not an address":        false,
	} {
		a, ok := forwarded.PeerAddr(peer)
		if got := ok && forwarded.Trusted(a, prefixes); got != want {
			t.Errorf("%s trusted = %v, want %v", peer, got, want)
		}
	}
	for _, bad := range []string{"bogus", "10.0.0.0/33", ""} {
		if _, err := forwarded.ParseProxies([]string{bad}); err == nil {
			t.Errorf("ParseProxies(%q): no error", bad)
		}
	}
}
