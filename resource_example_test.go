package pylon_test

import (
	"fmt"

	"github.com/pylonweb/pylon"
)

type newsController struct{}

func (newsController) Index(c *pylon.Context) error { return c.String(200, "all news") }
func (newsController) Show(c *pylon.Context) error  { return c.String(200, "news "+c.Param("id")) }

// On a Group, resource route names get the Group's prefix, as in a Rails
// namespace, so they never clash with the App's own. A noun that is its own
// singular names its collection <noun>_index.
func ExampleGroup_Resource() {
	app := pylon.New(pylon.Config{})
	app.Resource("/articles", articleController{})
	app.Group("/admin").Resource("/articles", articleController{})
	app.Resource("/news", newsController{})
	for _, r := range app.Routes() {
		fmt.Println(r.Method, r.Pattern, r.Name)
	}
	fmt.Println(app.URL("admin_article", "id", 7))
	// Output:
	// GET /articles articles
	// GET /articles/{id} article
	// GET /admin/articles admin_articles
	// GET /admin/articles/{id} admin_article
	// GET /news news_index
	// GET /news/{id} news
	// /admin/articles/7 <nil>
}
