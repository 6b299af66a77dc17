package pylon_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"

	"github.com/pylonweb/pylon"
)

type signupItem struct {
	Label string `json:"label" form:"label" validate:"required"`
}

type signup struct {
	Name     string       `json:"name" form:"full_name" validate:"required,max=10"`
	Email    string       `json:"email" form:"email" validate:"required,email"`
	Password string       `json:"password" form:"password" validate:"min=8"`
	Confirm  string       `json:"confirm" form:"confirm" validate:"eqfield=Password"`
	Age      int          `json:"age" form:"age" validate:"gte=18,lte=130"`
	Role     string       `json:"role" form:"role" validate:"oneof=admin editor viewer"`
	Site     string       `json:"site" form:"site" validate:"omitempty,url"`
	Tags     []string     `json:"tags" form:"tag" validate:"max=2"`
	Code     string       `json:"code" form:"code" validate:"omitempty,len=4"`
	Handle   string       `json:"handle" form:"handle" validate:"omitempty,alphanum"`
	Token    string       `json:"token" form:"token" validate:"omitempty,uuid"`
	Odd      string       `json:"odd" form:"odd" validate:"omitempty,excludesall=!@"`
	Score    float64      `json:"score" form:"score" validate:"gt=0"`
	Address  bindAddress  `json:"address" form:"address"`
	City     string       `json:"city_name" form:"city" validate:"required"`
	Items    []signupItem `json:"items" form:"-" validate:"dive"`
	Page     int          `query:"page" json:"-" form:"-" validate:"lte=10"`
}

// validSignup returns form values that pass every rule.
func validSignup() map[string]string {
	return map[string]string{
		"full_name": "Ann", "email": "ann@example.com", "password": "longenough", "confirm": "longenough",
		"age": "30", "role": "admin", "score": "1", "city": "Oslo",
	}
}

func signupApp() *pylon.App {
	app := newApp(pylon.Config{})
	app.POST("/signup", func(c *pylon.Context) error {
		var s signup
		return c.Bind(&s)
	})
	return app
}

// problem decodes a problem+json body.
func problem(t *testing.T, body string) pylon.Problem {
	t.Helper()
	var p pylon.Problem
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("decoding %q: %v", body, err)
	}
	return p
}

func TestValidateMessages(t *testing.T) {
	for _, tc := range []struct {
		field, value string // the form field to change from a valid signup
		name, want   string // the reported field and message
	}{
		{"full_name", "", "full_name", "is required"},
		{"full_name", "Annabelle Smith", "full_name", "must be at most 10 characters"},
		{"email", "ann", "email", "must be a valid email address"},
		{"password", "short", "password", "must be at least 8 characters"},
		{"confirm", "other", "confirm", "must match password"},
		{"age", "12", "age", "must be at least 18"},
		{"age", "200", "age", "must be at most 130"},
		{"role", "owner", "role", "must be one of: admin, editor, viewer"},
		{"site", "not a url", "site", "must be a valid URL"},
		{"code", "12345", "code", "must be exactly 4 characters"},
		{"handle", "a-b", "handle", "must contain only letters and digits"},
		{"token", "xyz", "token", "must be a valid UUID"},
		{"odd", "a!", "odd", "must satisfy excludesall=!@"},
		{"score", "0", "score", "must be greater than 0"},
		{"city", "", "city", "is required"},
	} {
		t.Run(tc.field+"="+tc.value, func(t *testing.T) {
			vals := validSignup()
			vals[tc.field] = tc.value
			if tc.field == "password" {
				vals["confirm"] = tc.value
			}
			var body []string
			for k, v := range vals {
				body = append(body, k+"="+v)
			}
			w := do(t, signupApp(), "POST", "/signup", strings.ReplaceAll(strings.Join(body, "&"), " ", "+"),
				"Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json")
			wantStatus(t, w, http.StatusUnprocessableEntity)
			p := problem(t, w.Body.String())
			if len(p.Errors) != 1 || p.Errors[tc.name] != tc.want {
				t.Fatalf("errors = %v, want %s: %s", p.Errors, tc.name, tc.want)
			}
		})
	}
}

func TestValidateSliceAndCount(t *testing.T) {
	w := do(t, signupApp(), "POST", "/signup?page=11",
		`{"name":"Ann","email":"ann@example.com","password":"longenough","confirm":"longenough","age":30,
		"role":"admin","score":1,"tags":["a","b","c"],"items":[{"label":"x"},{"label":""}]}`,
		"Content-Type", "application/json", "Accept", "application/json")
	wantStatus(t, w, http.StatusUnprocessableEntity)
	p := problem(t, w.Body.String())
	want := map[string]string{
		"tags":           "must have at most 2 items",
		"items[1].label": "is required",
		"city_name":      "is required",
		"page":           "must be at most 10",
	}
	if len(p.Errors) != len(want) {
		t.Fatalf("errors = %v, want %v", p.Errors, want)
	}
	for k, v := range want {
		if p.Errors[k] != v {
			t.Errorf("errors[%s] = %q, want %q (all: %v)", k, p.Errors[k], v, p.Errors)
		}
	}
}

// Messages name fields as the client sent them: json names for JSON,
// form names for forms, when the two differ.
func TestValidateNamesBySource(t *testing.T) {
	app := signupApp()
	w := do(t, app, "POST", "/signup", `{}`, "Content-Type", "application/json", "Accept", "application/json")
	wantStatus(t, w, 422)
	p := problem(t, w.Body.String())
	if p.Errors["name"] != "is required" || p.Errors["city_name"] != "is required" || p.Errors["full_name"] != "" {
		t.Fatalf("JSON errors = %v", p.Errors)
	}
	w = do(t, app, "POST", "/signup", "x=1", "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json")
	wantStatus(t, w, 422)
	p = problem(t, w.Body.String())
	if p.Errors["full_name"] != "is required" || p.Errors["city"] != "is required" || p.Errors["name"] != "" {
		t.Fatalf("form errors = %v", p.Errors)
	}
}

func TestValidationErrorProblem(t *testing.T) {
	w := do(t, signupApp(), "POST", "/signup", "email=x&age=abc",
		"Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json")
	// A value that does not convert makes it a 400, listed with the
	// validation messages of the other fields.
	wantStatus(t, w, http.StatusBadRequest)
	wantHeader(t, w, "Content-Type", "application/problem+json")
	p := problem(t, w.Body.String())
	if p.Status != 400 || p.Errors["age"] != "must be a whole number" || p.Errors["email"] != "must be a valid email address" ||
		p.Errors["full_name"] != "is required" {
		t.Fatalf("problem = %+v", p)
	}
	if !strings.HasPrefix(p.Detail, "age must be a whole number; full_name is required; email must be a valid email address;") {
		t.Fatalf("detail = %q", p.Detail)
	}
}

func TestValidationErrorAsHTTPError(t *testing.T) {
	ve := &pylon.ValidationError{Code: 422, Errors: []pylon.FieldError{
		{Field: "email", Message: "is required", Tag: "required"},
		{Field: "age", Message: "must be at least 18", Tag: "min", Param: "18"},
	}}
	var err error = ve
	var he *pylon.HTTPError
	if !errors.As(err, &he) || he.Code != 422 || he.Fields["age"] != "must be at least 18" || len(he.Fields) != 2 {
		t.Fatalf("HTTPError = %+v", he)
	}
	if pylon.StatusOf(err) != 422 || !errors.Is(err, pylon.ErrUnprocessableEntity) {
		t.Fatalf("StatusOf = %d", pylon.StatusOf(err))
	}
	if got := ve.Error(); got != "email is required; age must be at least 18" {
		t.Fatalf("Error() = %q", got)
	}
	if !ve.Has("email") || ve.Get("age") != "must be at least 18" || ve.Get("name") != "" {
		t.Fatal("Get/Has")
	}
	var none *pylon.ValidationError
	if none.Get("x") != "" || none.Has("x") || none.Fields() != nil {
		t.Fatal("nil ValidationError")
	}
}

func TestContextValidate(t *testing.T) {
	app := newApp(pylon.Config{})
	app.POST("/", func(c *pylon.Context) error {
		s := signup{Name: "Ann", Email: "ann@example.com", Password: "longenough", Confirm: "different!", Age: 30, Role: "viewer", Score: 2, City: "x"}
		return c.Validate(&s)
	})
	app.GET("/bad", func(c *pylon.Context) error { return c.Validate(42) })
	w := do(t, app, "POST", "/", "", "Content-Type", "application/json", "Accept", "application/json")
	wantStatus(t, w, 422)
	if p := problem(t, w.Body.String()); len(p.Errors) != 1 || p.Errors["confirm"] != "must match password" {
		t.Fatalf("errors = %v", p.Errors)
	}
	wantStatus(t, do(t, app, "GET", "/bad", ""), 500)
}

func TestValidatorCustomRule(t *testing.T) {
	type form struct {
		Slug string `form:"slug" validate:"slug"`
	}
	// Register before serving; the tag is unknown to the message table.
	if err := pylon.Validator().RegisterValidation("slug", func(fl validator.FieldLevel) bool {
		return !strings.ContainsAny(fl.Field().String(), " /")
	}); err != nil {
		t.Fatal(err)
	}
	app := newApp(pylon.Config{})
	app.POST("/", func(c *pylon.Context) error {
		var f form
		return c.Bind(&f)
	})
	w := do(t, app, "POST", "/", "slug=a+b", "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json")
	wantStatus(t, w, 422)
	wantBodyContains(t, w, `"slug":"must satisfy slug"`)
}
