package pylontest_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/pylonweb/pylon"
	"github.com/pylonweb/pylon/pylontest"
)

// exampleT stands in for the *testing.T of a test, so that the examples
// run; in a test, pass t.
type exampleT struct{ testing.TB }

func (exampleT) Helper()                        {}
func (exampleT) Fatal(args ...any)              { panic(fmt.Sprint(args...)) }
func (exampleT) Fatalf(format string, a ...any) { panic(fmt.Sprintf(format, a...)) }

func Example() {
	app := pylon.New(pylon.Config{})
	app.GET("/", func(c *pylon.Context) error {
		return c.HTML(200, `<h1>Welcome</h1><ul><li>tasks</li><li>greenlets</li></ul>`)
	})

	c := pylontest.New(exampleT{}, app)
	page := c.Get("/").MustStatus(200).MustContain("Welcome")
	fmt.Println(page.Text("h1"), page.Find("li").Length())
	// Output: Welcome 2
}

func ExampleForm_Submit() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "csrf", Value: "k3y", HttpOnly: true})
		io.WriteString(w, `<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="k3y">
<input name="user"> <input type="checkbox" name="remember" value="yes">
<button name="go" value="in">Log in</button></form>`)
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie("csrf")
		if err != nil || ck.Value != r.PostFormValue("csrf_token") {
			http.Error(w, "bad token", http.StatusForbidden)
			return
		}
		fmt.Fprintf(w, "hello %s (remember=%s, go=%s)",
			r.PostFormValue("user"), r.PostFormValue("remember"), r.PostFormValue("go"))
	})

	c := pylontest.New(exampleT{}, mux)
	resp := c.Get("/login").Form("form").
		Set("user", "ann").
		Check("remember").
		SubmitWith("go").
		MustStatus(200)
	fmt.Println(resp.Body)
	// Output: hello ann (remember=yes, go=in)
}

func ExampleClient_FollowRedirects() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /new", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "new page")
	})

	c := pylontest.New(exampleT{}, mux)
	resp := c.Get("/old")
	fmt.Println(resp.Code, resp.Body, "after", resp.Redirects[0].Code)

	c.FollowRedirects = false
	resp = c.Get("/old").MustStatus(301)
	fmt.Println(resp.Code, resp.Location())
	fmt.Println(resp.Follow().Body)
	// Output:
	// 200 new page after 301
	// 301 /new
	// new page
}

func ExampleResponse_JSON() {
	app := pylon.New(pylon.Config{})
	app.POST("/echo", func(c *pylon.Context) error {
		var in struct{ Name string }
		if err := c.ReadJSON(&in); err != nil {
			return err
		}
		return c.JSON(201, map[string]string{"greeting": "hi " + in.Name})
	})

	c := pylontest.New(exampleT{}, app)
	var out struct{ Greeting string }
	c.PostJSON("/echo", map[string]string{"name": "Ann"}).MustStatus(201).JSON(&out)
	fmt.Println(out.Greeting)
	// Output: hi Ann
}
