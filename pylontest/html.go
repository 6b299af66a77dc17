package pylontest

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Doc returns the body parsed as an HTML document, parsing it on the
// first call. Any body parses: HTML parsing recovers from errors as a
// browser does.
func (r *Response) Doc() *goquery.Document {
	r.docOnce.Do(func() {
		// Only a failing reader makes parsing fail, and a strings.Reader
		// never fails.
		r.doc, _ = goquery.NewDocumentFromReader(strings.NewReader(r.Body))
		r.doc.Url = r.URL()
	})
	return r.doc
}

// Find returns the elements of the page that match a CSS selector, such
// as "ul.items > li" or `a:contains("Edit")`. An invalid selector matches
// nothing.
func (r *Response) Find(selector string) *goquery.Selection {
	return r.Doc().Find(selector)
}

// Text returns the text of the elements that match selector, combined,
// with leading and trailing space trimmed.
func (r *Response) Text(selector string) string {
	return strings.TrimSpace(r.Find(selector).Text())
}

// MustFind returns the elements that match selector, failing the test if
// there are none.
func (r *Response) MustFind(selector string) *goquery.Selection {
	r.t.Helper()
	s := r.Find(selector)
	if s.Length() == 0 {
		r.fail("MustFind: nothing in the page matches %q", selector)
	}
	return s
}

// Click follows the link that selector matches with a GET, as a browser
// would: its href is resolved against the page's URL (or its <base>),
// and the request carries the page as Referer. It fails the test unless
// selector matches exactly one element with an href.
func (r *Response) Click(selector string) *Response {
	r.t.Helper()
	links := r.Find(selector).Filter("[href]")
	if links.Length() != 1 {
		r.fail("Click: %q matches %d links with an href, want 1", selector, links.Length())
		return r
	}
	href, _ := links.Attr("href")
	target, ok := r.resolve(href)
	if !ok {
		r.fail("Click: bad href %q", href)
		return r
	}
	req := r.client.NewRequest("GET", target.String(), nil)
	r.browserHeaders(req, target)
	return r.client.Do(req)
}

// base returns the URL that the page's relative URLs resolve against:
// its <base href>, if any, resolved against the page's URL.
func (r *Response) base() *url.URL {
	page := r.URL()
	if href, ok := r.Find("base[href]").First().Attr("href"); ok {
		if u, err := url.Parse(strings.TrimSpace(href)); err == nil {
			return page.ResolveReference(u)
		}
	}
	return page
}

// resolve resolves a URL from the page, dropping the fragment, which a
// browser never sends.
func (r *Response) resolve(ref string) (*url.URL, bool) {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return nil, false
	}
	abs := r.base().ResolveReference(u)
	abs.Fragment, abs.RawFragment = "", ""
	return abs, true
}
