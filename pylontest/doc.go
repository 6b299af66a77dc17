// Package pylontest is an in-process test client for any http.Handler, a
// Pylon App among them, in the manner of WebTest's TestApp: requests go
// straight to the handler's ServeHTTP, with a cookie jar, redirects
// followed, assertions that fail the test with the status, headers and
// body in the message, HTML queries with goquery, and forms filled in and
// submitted as a browser would.
//
// The shortest use:
//
//	func TestHome(t *testing.T) {
//		c := pylontest.New(t, app)
//		c.Get("/").MustStatus(200).MustContain("Welcome")
//	}
//
// # Forms
//
// [Response.Form] finds a form in the page; [Form.Set], [Form.Check],
// [Form.Select] and [Form.Upload] change its controls, and [Form.Submit]
// sends it with the form's method, action and encoding, hidden fields (a
// CSRF token, a _method override) and the client's cookies included:
//
//	page := c.Get("/articles/new").MustStatus(200)
//	page.Form("form#article").Set("title", "Hello").Submit().
//		MustStatus(200).MustContain("Article created")
//
// # Failures
//
// The assertions (the Must methods and JSON), the page methods (Form,
// Click, Follow and the Form's methods) when asked for something the page
// lacks, and the request methods when a request cannot be made, stop the
// test with t.Fatalf, so call them from the goroutine running the test,
// as t.FailNow requires. They call t.Helper, so a failure points at the
// test's line, and its message shows the request, the redirects, the
// status, the headers and the first part of the body.
package pylontest
