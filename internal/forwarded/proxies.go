package forwarded

import (
	"fmt"
	"net/netip"
	"strings"
)

// ParseProxies parses the trusted proxies of a configuration, IP addresses
// and CIDR prefixes, into prefixes; an address becomes a prefix holding
// just it. IPv4-mapped IPv6 addresses and prefixes are taken as IPv4, and
// zones are dropped, so that they match what PeerAddr returns.
func ParseProxies(list []string) ([]netip.Prefix, error) {
	prefixes := make([]netip.Prefix, 0, len(list))
	for _, s := range list {
		s = strings.TrimSpace(s)
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q is not a valid CIDR prefix: %w", s, err)
			}
			if p.Addr().Is4In6() && p.Bits() >= 96 {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			prefixes = append(prefixes, p.Masked())
			continue
		}
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is not a valid IP address or CIDR prefix: %w", s, err)
		}
		ip = ip.Unmap().WithZone("")
		prefixes = append(prefixes, netip.PrefixFrom(ip, ip.BitLen()))
	}
	return prefixes, nil
}

// PeerAddr parses a request's RemoteAddr, which net/http sets to
// "ip:port", as ParseProxies reads addresses: unmapped, without a zone.
func PeerAddr(remoteAddr string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(remoteAddr); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	ip, err := netip.ParseAddr(remoteAddr)
	return ip.Unmap().WithZone(""), err == nil
}

// Trusted reports whether addr is inside one of the prefixes.
func Trusted(addr netip.Addr, prefixes []netip.Prefix) bool {
	for _, p := range prefixes {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
