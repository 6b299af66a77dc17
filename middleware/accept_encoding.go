package middleware

import (
	"net/textproto"
	"strings"
)

// acceptsGzip reports whether the Accept-Encoding header values admit gzip:
// "gzip" or "x-gzip" with a q-value above zero, or, when neither is named,
// "*" with a q-value above zero. A malformed q-value counts as zero, since
// sending an uncompressed response is always safe.
func acceptsGzip(values []string) bool {
	// -1: not named, 0: refused, 1: accepted.
	named, star := -1, -1
	for _, v := range values {
		for v != "" {
			var item string
			item, v, _ = strings.Cut(v, ",")
			coding, params, _ := strings.Cut(item, ";")
			coding = textproto.TrimString(coding)
			ok := 0
			if positiveQ(params) {
				ok = 1
			}
			switch {
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				named = max(named, ok)
			case coding == "*":
				star = max(star, ok)
			}
		}
	}
	if named >= 0 {
		return named == 1
	}
	return star == 1
}

// positiveQ reports whether the parameters of one Accept-Encoding item give
// it a weight above zero. Without a q parameter the weight is 1.
func positiveQ(params string) bool {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(p, "=")
		if !strings.EqualFold(textproto.TrimString(name), "q") {
			continue
		}
		return qvalueAboveZero(textproto.TrimString(value))
	}
	return true
}

// qvalueAboveZero parses an RFC 9110 qvalue: "0" [ "." 0*3DIGIT ] or
// "1" [ "." 0*3("0") ].
func qvalueAboveZero(q string) bool {
	if q == "" || (q[0] != '0' && q[0] != '1') {
		return false
	}
	frac := q[1:]
	if frac != "" {
		if frac[0] != '.' || len(frac) > 4 {
			return false
		}
		frac = frac[1:]
	}
	nonzero := false
	for i := 0; i < len(frac); i++ {
		switch c := frac[i]; {
		case c < '0' || c > '9':
			return false
		case c != '0':
			if q[0] == '1' {
				return false
			}
			nonzero = true
		}
	}
	return q[0] == '1' || nonzero
}
