package middleware

import (
	"net/http"
	"strconv"

	"github.com/pylonweb/pylon/internal/forwarded"
)

// SecureHeadersConfig configures [SecureHeaders]. The zero value sends
// nosniff, "X-Frame-Options: DENY", a strict-origin-when-cross-origin
// referrer policy, and HSTS for two years on TLS requests.
//
// For the string fields, "-" leaves the header out.
type SecureHeadersConfig struct {
	// ContentTypeOptions is the X-Content-Type-Options value, which stops
	// browsers from guessing a type other than the declared one.
	// If not set, "nosniff".
	ContentTypeOptions string

	// FrameOptions is the X-Frame-Options value, against clickjacking:
	// "DENY" or "SAMEORIGIN".
	// If not set, "DENY".
	FrameOptions string

	// ReferrerPolicy is the Referrer-Policy value.
	// If not set, "strict-origin-when-cross-origin".
	ReferrerPolicy string

	// HSTSMaxAge is the Strict-Transport-Security max-age, in seconds. The
	// header is sent only on requests that arrived over TLS (see
	// HSTSTrustForwardedProto), as browsers ignore it over plain HTTP.
	// A negative value leaves the header out.
	// If not set, 63072000 (two years, as hstspreload.org asks).
	HSTSMaxAge int

	// HSTSIncludeSubdomains adds includeSubDomains to the HSTS header.
	// If not set, it is left out.
	HSTSIncludeSubdomains bool

	// HSTSPreload adds preload to the HSTS header, for submission to the
	// browsers' preload list.
	// If not set, it is left out.
	HSTSPreload bool

	// HSTSTrustForwardedProto makes a request count as TLS when the
	// nearest proxy reports "https": the rightmost X-Forwarded-Proto, or
	// proto= of the last Forwarded element when the request has no
	// X-Forwarded-* header (the rule of Context.Scheme). That is set by a
	// TLS-terminating proxy or load balancer (nginx, HAProxy, AWS ALB,
	// Heroku's router) that speaks plain HTTP to the app; enable this only
	// behind one, since a client can send the header itself.
	// If not set, only r.TLS != nil counts.
	HSTSTrustForwardedProto bool

	// ContentSecurityPolicy is the Content-Security-Policy value.
	// If not set, the header is left out: a useful policy depends on the
	// site.
	ContentSecurityPolicy string

	// CSPReportOnly sends ContentSecurityPolicy as
	// Content-Security-Policy-Report-Only, to try a policy without
	// enforcing it.
	// If not set, the policy is enforced.
	CSPReportOnly bool

	// CrossOriginOpenerPolicy is the Cross-Origin-Opener-Policy value, such
	// as "same-origin".
	// If not set, the header is left out.
	CrossOriginOpenerPolicy string

	// PermissionsPolicy is the Permissions-Policy value, such as
	// "camera=(), microphone=()".
	// If not set, the header is left out.
	PermissionsPolicy string
}

// SecureHeaders returns middleware that sets security-related response
// headers before calling the next handler, which may still change them.
func SecureHeaders(cfg SecureHeadersConfig) func(http.Handler) http.Handler {
	var always [][2]string
	add := func(name, value, def string) {
		if value == "" {
			value = def
		}
		if value != "" && value != "-" {
			always = append(always, [2]string{name, value})
		}
	}
	add("X-Content-Type-Options", cfg.ContentTypeOptions, "nosniff")
	add("X-Frame-Options", cfg.FrameOptions, "DENY")
	add("Referrer-Policy", cfg.ReferrerPolicy, "strict-origin-when-cross-origin")
	if cfg.CSPReportOnly {
		add("Content-Security-Policy-Report-Only", cfg.ContentSecurityPolicy, "")
	} else {
		add("Content-Security-Policy", cfg.ContentSecurityPolicy, "")
	}
	add("Cross-Origin-Opener-Policy", cfg.CrossOriginOpenerPolicy, "")
	add("Permissions-Policy", cfg.PermissionsPolicy, "")
	hsts := hstsValue(cfg)

	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			for _, kv := range always {
				h.Set(kv[0], kv[1])
			}
			if hsts != "" && isTLS(r, cfg.HSTSTrustForwardedProto) {
				h.Set("Strict-Transport-Security", hsts)
			}
			next.ServeHTTP(w, r)
		})
	}
}

func hstsValue(cfg SecureHeadersConfig) string {
	maxAge := cfg.HSTSMaxAge
	switch {
	case maxAge < 0:
		return ""
	case maxAge == 0:
		maxAge = 63072000
	}
	v := "max-age=" + strconv.Itoa(maxAge)
	if cfg.HSTSIncludeSubdomains {
		v += "; includeSubDomains"
	}
	if cfg.HSTSPreload {
		v += "; preload"
	}
	return v
}

func isTLS(r *http.Request, trustForwardedProto bool) bool {
	if r.TLS != nil {
		return true
	}
	if !trustForwardedProto {
		return false
	}
	// The scheme the nearest proxy reports (the rightmost value), by the
	// same rule as Context.Scheme, not a value the client put first.
	proto, ok := forwarded.Proto(r.Header)
	return ok && proto == "https"
}
