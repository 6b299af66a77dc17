package pylon

import (
	"strconv"
	"strings"
)

// Negotiate returns the offer the request's Accept header prefers, by
// quality and then by the order of offers; the first offer when Accept is
// absent; "" when it accepts none of them. Offers are media types such as
// "text/html" or "application/json".
func (c *Context) Negotiate(offers ...string) string {
	return negotiate(c.req.Header.Get("Accept"), offers)
}

func negotiate(accept string, offers []string) string {
	if len(offers) == 0 {
		return ""
	}
	if strings.TrimSpace(accept) == "" {
		return offers[0]
	}
	// Ties go to the earlier offer: the server's preference.
	best, bestQ := "", 0.0
	for _, offer := range offers {
		if q, _ := acceptQuality(accept, offer); q > bestQ {
			best, bestQ = offer, q
		}
	}
	return best
}

// acceptQuality returns the quality Accept gives to offer, taken from the
// most specific range that matches it, and that range's specificity.
func acceptQuality(accept, offer string) (q float64, specificity int) {
	otype, osub, _ := strings.Cut(offer, "/")
	specificity = -1
	for part := range strings.SplitSeq(accept, ",") {
		mediaRange, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		rtype, rsub, _ := strings.Cut(strings.TrimSpace(mediaRange), "/")
		var spec int
		switch {
		case rtype == "*" && rsub == "*":
			spec = 0
		case strings.EqualFold(rtype, otype) && rsub == "*":
			spec = 1
		case strings.EqualFold(rtype, otype) && strings.EqualFold(rsub, osub):
			spec = 2
		default:
			continue
		}
		if spec <= specificity {
			continue
		}
		specificity, q = spec, 1
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			// The parameter name is case-insensitive (RFC 9110, 12.4.2).
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				}
			}
		}
	}
	return q, specificity
}
