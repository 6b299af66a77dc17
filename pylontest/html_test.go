package pylontest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/pylonweb/pylon/pylontest"
)

func pages() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /articles/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<!doctype html><title>Articles</title>
<h1> All articles </h1>
<ul id="list">
  <li class="article"><a href="3">Go</a></li>
  <li class="article"><a href="/articles/4?ref=list#top">Python</a></li>
</ul>
<a class="out" href="https://other.test/x">Elsewhere</a>`)
	})
	mux.HandleFunc("GET /articles/{id}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "article "+r.PathValue("id")+" ref="+r.URL.Query().Get("ref")+
			" referer="+r.Header.Get("Referer")+" site="+r.Header.Get("Sec-Fetch-Site"))
	})
	mux.HandleFunc("GET /based", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<base href="/articles/"><a href="9">nine</a>`)
	})
	return mux
}

func TestFind(t *testing.T) {
	page := pylontest.New(t, pages()).Get("/articles/").MustStatus(200)
	if n := page.Find("li.article").Length(); n != 2 {
		t.Errorf("found %d articles, want 2", n)
	}
	if got := page.Text("h1"); got != "All articles" {
		t.Errorf("Text(h1) = %q", got)
	}
	if got := page.MustFind("#list a").Last().Text(); got != "Python" {
		t.Errorf("last link = %q", got)
	}
	if page.Find("[[bad").Length() != 0 {
		t.Error("an invalid selector matched")
	}
	if page.Doc().Url.String() != "http://example.com/articles/" {
		t.Errorf("Doc().Url = %s", page.Doc().Url)
	}
}

func TestClick(t *testing.T) {
	c := pylontest.New(t, pages())
	page := c.Get("/articles/")
	page.Click(`a:contains("Go")`).MustStatus(200).
		MustContain("article 3 ref= referer=http://example.com/articles/ site=same-origin")
	page.Click("li:nth-child(2) a").MustContain("article 4 ref=list")
	c.Get("/based").Click("a").MustContain("article 9")
}

func TestClickAmbiguousFails(t *testing.T) {
	ft := &fakeT{TB: t}
	pylontest.New(ft, pages()).Get("/articles/").Click("li a")
	mustContain(t, ft.failure(t), `Click: "li a" matches 2 links with an href, want 1`)
}
