package ratelimit

import (
	"net/http"
	"net/netip"
)

// KeyByIP returns the client's IP address from r.RemoteAddr, the default
// key. An IPv6 address is cut to its /64 prefix, because a single client
// usually holds a whole /64 and could otherwise pick a fresh address for
// every request. If RemoteAddr holds no IP address, it is returned as is.
//
// Put middleware.RealIP in front when behind a proxy; without it every
// client would share the proxy's bucket.
func KeyByIP(r *http.Request) string {
	var ip netip.Addr
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		ip = ap.Addr()
	} else if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		ip = a
	} else {
		return r.RemoteAddr
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
