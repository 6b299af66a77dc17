package middleware

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/textproto"

	"github.com/pylonweb/pylon/internal/forwarded"
)

// RealIPConfig configures [RealIP].
type RealIPConfig struct {
	// TrustedProxies lists the proxies, as IP addresses ("10.0.0.1") or
	// CIDR prefixes ("10.0.0.0/8", "fd00::/8"), whose forwarding headers are
	// believed. It should hold exactly the load balancers and reverse
	// proxies in front of the app.
	// If not set, no peer is trusted and RealIP changes nothing.
	TrustedProxies []string

	// Header is where trusted proxies put the client's address:
	// "X-Forwarded-For", "Forwarded" (RFC 7239, its for= parameters), or a
	// header holding one address, such as "X-Real-IP" or
	// "CF-Connecting-IP".
	// If not set, "X-Forwarded-For".
	Header string
}

// RealIP returns middleware that, for requests whose peer (r.RemoteAddr) is
// a trusted proxy, replaces r.RemoteAddr with the client address from
// cfg.Header. Headers from other peers are ignored, because anyone can send
// them.
//
// In X-Forwarded-For and Forwarded, each proxy appends the address of the
// peer it received the request from, so the list reads client, proxy1,
// proxy2, and everything the client sent comes first. RealIP therefore reads
// from the right, across all lines of the header, skips trusted proxies,
// and takes the first address that is not one: the one our outermost proxy
// saw, which a client cannot forge. Taking the leftmost address instead
// would let any client pick its own IP. Addresses may carry a port
// ("203.0.113.7:4711", "[2001:db8::1]:4711"), which is dropped, and IPv6
// addresses may be bracketed. Empty elements are skipped. If every address
// is trusted, the leftmost is taken; if RealIP meets an entry that is not
// an IP address ("unknown", an obfuscated node, garbage) before an
// untrusted address, it leaves r.RemoteAddr alone. A single-address header
// such as X-Real-IP is read from its last line.
// [github.com/pylonweb/pylon.Context.RealIP] follows the same rules for
// X-Forwarded-For, with the same parser, so the two agree.
//
// The new r.RemoteAddr keeps the host:port form, with port 0 since the
// client's port is unknown ("203.0.113.7:0", "[2001:db8::1]:0"), so that
// code calling net.SplitHostPort on it keeps working. RealIP changes the
// request in place. It panics if a trusted proxy does not parse; use
// [ParseTrustedProxies] to check a list first.
func RealIP(cfg RealIPConfig) func(http.Handler) http.Handler {
	trusted, err := ParseTrustedProxies(cfg.TrustedProxies)
	if err != nil {
		panic(err)
	}
	header := textproto.CanonicalMIMEHeaderKey(cfg.Header)
	if header == "" {
		header = "X-Forwarded-For"
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if len(trusted) > 0 {
				if ip, ok := clientIP(r, header, trusted); ok {
					r.RemoteAddr = netip.AddrPortFrom(ip, 0).String()
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// ParseTrustedProxies parses IP addresses and CIDR prefixes into prefixes;
// an address becomes a prefix holding just it. IPv4-mapped IPv6 addresses
// are taken as IPv4. The App's trusted_proxies are read the same way.
func ParseTrustedProxies(list []string) ([]netip.Prefix, error) {
	prefixes, err := forwarded.ParseProxies(list)
	if err != nil {
		return nil, fmt.Errorf("middleware: %w", err)
	}
	return prefixes, nil
}

// clientIP returns the client's address if the peer is trusted and the
// header names one.
func clientIP(r *http.Request, header string, trusted []netip.Prefix) (netip.Addr, bool) {
	peer, ok := forwarded.PeerAddr(r.RemoteAddr)
	if !ok || !forwarded.Trusted(peer, trusted) {
		return netip.Addr{}, false
	}
	return forwarded.ClientIP(r.Header, header, trusted)
}
