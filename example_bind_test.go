package pylon_test

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pylonweb/pylon"
)

// post sends a POST request with a body through h and prints the status,
// the Content-Type and the body.
func post(h http.Handler, target, contentType, body string) {
	r := httptest.NewRequest("POST", target, strings.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	out, _ := io.ReadAll(w.Body)
	fmt.Printf("%d %s\n%s\n", w.Code, w.Header().Get("Content-Type"), strings.TrimSpace(string(out)))
}

type articleForm struct {
	Title string `form:"title" validate:"required,max=20"`
	Email string `form:"email" validate:"required,email"`
}

var articleTemplate = template.Must(template.New("edit").Parse(
	`<form method="post">
<input name="title" value="{{.Form.Title}}">{{with .Errors.Get "title"}} <span class="error">Title {{.}}</span>{{end}}
<input name="email" value="{{.Form.Email}}">{{with .Errors.Get "email"}} <span class="error">Email {{.}}</span>{{end}}
</form>`))

// A form that does not validate is shown again with the values the user
// typed and a message next to each field, as Pylons' @validate did with
// htmlfill.
func ExampleContext_Bind() {
	app := pylon.New(pylon.Config{})
	app.POST("/articles", func(c *pylon.Context) error {
		var form articleForm
		err := c.Bind(&form)
		var invalid *pylon.ValidationError
		if errors.As(err, &invalid) {
			var b strings.Builder
			if err := articleTemplate.Execute(&b, map[string]any{"Form": form, "Errors": invalid}); err != nil {
				return err
			}
			return c.HTML(invalid.Code, b.String())
		}
		if err != nil {
			return err // 413, 415 or a malformed body
		}
		return c.Redirect(http.StatusSeeOther, "/articles/1")
	})
	post(app, "/articles", "application/x-www-form-urlencoded", "title=A+title+that+is+far+too+long&email=ann")
	// Output:
	// 422 text/html; charset=utf-8
	// <form method="post">
	// <input name="title" value="A title that is far too long"> <span class="error">Title must be at most 20 characters</span>
	// <input name="email" value="ann"> <span class="error">Email must be a valid email address</span>
	// </form>
}

type newUser struct {
	Name  string `json:"name" validate:"required"`
	Email string `json:"email" validate:"required,email"`
	Age   int    `json:"age" validate:"omitempty,gte=18"`
}

// A JSON API returns Bind's error as it is: the client gets a 422
// problem+json listing each field's message under "errors".
func ExampleContext_Bind_json() {
	app := pylon.New(pylon.Config{})
	app.POST("/api/users", func(c *pylon.Context) error {
		var u newUser
		if err := c.Bind(&u); err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, u)
	})
	post(app, "/api/users", "application/json", `{"email":"ann@","age":12}`)
	post(app, "/api/users", "application/json", `{"name":"Ann","age":"twelve"}`)
	// Output:
	// 422 application/problem+json
	// {"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"name is required; email must be a valid email address; age must be at least 18","instance":"/api/users","errors":{"age":"must be at least 18","email":"must be a valid email address","name":"is required"}}
	// 400 application/problem+json
	// {"type":"about:blank","title":"Bad Request","status":400,"detail":"JSON field age at line 1, column 28: want int, got string","instance":"/api/users","errors":{"age":"must be a whole number"}}
}

// Uploads limits the files of the routes it wraps and removes their
// temporary files when the handler returns.
func ExampleUploads() {
	app := pylon.New(pylon.Config{})
	avatars := pylon.Uploads(pylon.UploadOptions{MaxFileBytes: 1 << 20, AllowedTypes: []string{"image/png", "image/jpeg"}})
	app.POST("/avatar", func(c *pylon.Context) error {
		u, err := c.FormFile("avatar")
		if err != nil {
			return err
		}
		path, err := u.Save("uploads") // a random name, never the client's
		if err != nil {
			return err
		}
		return c.String(http.StatusCreated, path)
	}, avatars)

	body := "--B\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"../me.png\"\r\n" +
		"Content-Type: image/png\r\n\r\nnot really a PNG\r\n--B--\r\n"
	post(app, "/avatar", "multipart/form-data; boundary=B", body)
	// Output:
	// 415 application/problem+json
	// {"type":"about:blank","title":"Unsupported Media Type","status":415,"detail":"avatar must be of type image/png, image/jpeg, not text/plain","instance":"/avatar","errors":{"avatar":"must be of type image/png, image/jpeg"}}
}
