package pylontest

import (
	"net/http"
	"net/url"
)

// browserHeaders adds the headers a browser sends when a page navigates
// to target by a link or a form: Referer under the default referrer
// policy (the full URL within the origin, the origin alone across
// origins) and the Fetch metadata that http.CrossOriginProtection reads.
// Another origin counts as cross-site: the client knows no public suffix
// list to tell same-site hosts.
func (r *Response) browserHeaders(req *http.Request, target *url.URL) {
	page := r.URL()
	referer := url.URL{Scheme: page.Scheme, Host: page.Host, Path: page.Path, RawPath: page.RawPath, RawQuery: page.RawQuery}
	site := "same-origin"
	if !sameOrigin(page, target) {
		referer = url.URL{Scheme: page.Scheme, Host: page.Host, Path: "/"}
		site = "cross-site"
	}
	if page.Scheme != "https" || target.Scheme == "https" { // a downgrade sends none
		req.Header.Set("Referer", referer.String())
	}
	req.Header.Set("Sec-Fetch-Site", site)
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	req.Header.Set("Sec-Fetch-Dest", "document")
}

// origin returns the serialized origin of u, such as
// "https://example.com:8443", as the Origin header carries it.
func origin(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
}

func sameOrigin(a, b *url.URL) bool {
	return a.Scheme == b.Scheme && a.Host == b.Host
}
