package pylon_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
)

type bindAddress struct {
	City string `json:"city" form:"city"`
	Zip  string `json:"zip" form:"zip"`
}

type bindBase struct {
	Note string `json:"note" form:"note"`
}

type bindTarget struct {
	bindBase
	ID      int           `param:"id" json:"-" form:"-"`
	Page    int           `query:"page" json:"-" form:"-"`
	Sort    string        `query:"sort"`
	Name    string        `json:"name" form:"name"`
	Age     int           `json:"age" form:"age"`
	Small   int8          `json:"small" form:"small"`
	Count   uint16        `json:"count" form:"count"`
	Score   float64       `json:"score" form:"score"`
	Admin   bool          `json:"admin" form:"admin"`
	Tags    []string      `json:"tags" form:"tag"`
	Nums    []int         `json:"nums" form:"num"`
	Born    time.Time     `json:"born" form:"born"`
	Wait    time.Duration `json:"wait" form:"wait"`
	Nick    *string       `json:"nick" form:"nick"`
	Limit   *int          `json:"limit" form:"limit"`
	Addr    netip.Addr    `json:"addr" form:"addr"`
	Address bindAddress   `json:"address" form:"address"`
	Home    *bindAddress  `json:"home" form:"home"`
	Secret  string        `json:"-"`
	Plain   string
}

// bindApp serves /t and /t/{id}, binding into a bindTarget that it hands
// to got; a binding error is returned to the App's error handler.
func bindApp(cfg pylon.Config, got *bindTarget) *pylon.App {
	app := newApp(cfg)
	h := func(c *pylon.Context) error {
		var v bindTarget
		if err := c.Bind(&v); err != nil {
			return err
		}
		*got = v
		return c.NoContent(http.StatusNoContent)
	}
	for _, p := range []string{"/t", "/t/{id}"} {
		app.GET(p, h)
		app.POST(p, h)
		app.PUT(p, h)
	}
	return app
}

// multipartBody encodes fields (name, value pairs) as multipart/form-data
// and returns the body and its Content-Type.
func multipartBody(t testing.TB, fields ...string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := mw.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), mw.FormDataContentType()
}

func ptr[T any](v T) *T { return &v }

func TestBindSources(t *testing.T) {
	full := url.Values{
		"name": {"Ann"}, "age": {"30"}, "small": {"-5"}, "count": {"7"}, "score": {"1.5"},
		"admin": {"on"}, "tag": {"a", "b"}, "num": {"1", "", "2"}, "born": {"2024-05-01"},
		"wait": {"1m30s"}, "nick": {"annie"}, "limit": {"10"}, "addr": {"10.0.0.1"},
		"address.city": {"Oslo"}, "home.zip": {"0150"}, "note": {"hi"}, "Plain": {"p"},
		"Secret": {"s"}, "ID": {"99"}, "page": {"5"}, "sort": {"x"},
	}
	want := bindTarget{
		bindBase: bindBase{Note: "hi"}, ID: 7, Page: 2, Sort: "age",
		Name: "Ann", Age: 30, Small: -5, Count: 7, Score: 1.5, Admin: true,
		Tags: []string{"a", "b"}, Nums: []int{1, 2}, Born: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		Wait: 90 * time.Second, Nick: ptr("annie"), Limit: ptr(10), Addr: netip.MustParseAddr("10.0.0.1"),
		Address: bindAddress{City: "Oslo"}, Home: &bindAddress{Zip: "0150"}, Plain: "p",
	}
	var fields []string
	for k, vs := range full {
		for _, v := range vs {
			fields = append(fields, k, v)
		}
	}
	mbody, mtype := multipartBody(t, fields...)
	jsonBody := `{"name":"Ann","age":30,"small":-5,"count":7,"score":1.5,"admin":true,"tags":["a","b"],
		"nums":[1,2],"born":"2024-05-01T00:00:00Z","wait":90000000000,"nick":"annie","limit":10,
		"addr":"10.0.0.1","address":{"city":"Oslo"},"home":{"zip":"0150"},"note":"hi","Plain":"p",
		"Secret":"s","ID":99,"page":5}`
	for _, tc := range []struct {
		name, method, target, ctype, body string
		want                              bindTarget
	}{
		{"query and path", "GET", "/t/7?page=2&sort=age", "", "", bindTarget{ID: 7, Page: 2, Sort: "age"}},
		{"GET form from query", "GET", "/t/7?page=2&sort=age&" + full.Encode(), "", "", want},
		{"urlencoded", "POST", "/t/7?page=2&sort=age", "application/x-www-form-urlencoded", full.Encode(), want},
		{"urlencoded charset", "PUT", "/t/7?page=2&sort=age", "application/x-www-form-urlencoded; charset=utf-8", full.Encode(), want},
		{"multipart", "POST", "/t/7?page=2&sort=age", mtype, mbody, want},
		{"json", "POST", "/t/7?page=2&sort=age", "application/json", jsonBody, want},
		{"json vendor type", "PUT", "/t/7?page=2&sort=age", "application/vnd.pylon+json", jsonBody, want},
		{"empty values stay unset", "POST", "/t", "application/x-www-form-urlencoded", "age=&admin=&nick=&born=&name=", bindTarget{}},
		{"rfc3339 time", "POST", "/t", "application/x-www-form-urlencoded", "born=2024-05-01T10:20:30%2B02:00",
			bindTarget{Born: time.Date(2024, 5, 1, 10, 20, 30, 0, time.FixedZone("", 7200))}},
		{"datetime-local", "POST", "/t", "application/x-www-form-urlencoded", "born=2024-05-01T10:20",
			bindTarget{Born: time.Date(2024, 5, 1, 10, 20, 0, 0, time.UTC)}},
		{"bool words", "POST", "/t", "application/x-www-form-urlencoded", "admin=Yes", bindTarget{Admin: true}},
		{"empty body", "POST", "/t?page=3", "application/json", "", bindTarget{Page: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got bindTarget
			w := do(t, bindApp(pylon.Config{}, &got), tc.method, tc.target, tc.body, "Content-Type", tc.ctype)
			wantStatus(t, w, http.StatusNoContent)
			if !reflect.DeepEqual(got, tc.want) && !(got.Born.Equal(tc.want.Born) && equalButBorn(got, tc.want)) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func equalButBorn(a, b bindTarget) bool {
	a.Born, b.Born = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

type precedence struct {
	V string `query:"v" form:"v" json:"v" param:"v"`
}

func TestBindPrecedence(t *testing.T) {
	app := newApp(pylon.Config{})
	h := func(c *pylon.Context) error {
		var p precedence
		if err := c.Bind(&p); err != nil {
			return err
		}
		return c.String(200, p.V)
	}
	app.POST("/p", h)
	app.POST("/p/{v}", h)
	const form = "application/x-www-form-urlencoded"
	for _, tc := range []struct{ target, ctype, body, want string }{
		{"/p?v=query", "", "", "query"},
		{"/p?v=query", form, "v=body", "body"},
		{"/p?v=query", "application/json", `{"v":"json"}`, "json"},
		{"/p?v=query", form, "other=1", "query"},
		{"/p/path?v=query", form, "v=body", "path"},
		{"/p/path?v=query", "application/json", `{"v":"json"}`, "path"},
	} {
		w := do(t, app, "POST", tc.target, tc.body, "Content-Type", tc.ctype)
		wantStatus(t, w, 200)
		wantBody(t, w, tc.want)
	}
}

func TestBindErrors(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	big := strings.Repeat("x", 300)
	bigMultipart, bigMultipartType := multipartBody(t, "name", big)
	for _, tc := range []struct {
		name, target, ctype, body string
		strict                    bool
		code                      int
		want                      []string
	}{
		{"int", "/t", form, "age=abc", false, 400, []string{`"age":"must be a whole number"`, "age must be a whole number"}},
		{"int range", "/t", form, "small=300", false, 400, []string{`"small":"must be between -128 and 127"`}},
		{"uint negative", "/t", form, "count=-1", false, 400, []string{`"count":"must be a whole number, 0 or more"`}},
		{"uint range", "/t", form, "count=70000", false, 400, []string{`"count":"must be between 0 and 65535"`}},
		{"float", "/t", form, "score=NaN", false, 400, []string{`"score":"must be a number"`}},
		{"bool", "/t", form, "admin=maybe", false, 400, []string{`"admin":"must be true or false"`}},
		{"time", "/t", form, "born=yesterday", false, 400, []string{`"born":"must be a date (YYYY-MM-DD) or an RFC 3339 date and time"`}},
		{"duration", "/t", form, "wait=soon", false, 400, []string{`"wait":"must be a duration`}},
		{"slice element", "/t", form, "num=1&num=x", false, 400, []string{`"num":"must be a whole number"`}},
		{"pointer", "/t", form, "limit=ten", false, 400, []string{`"limit":"must be a whole number"`}},
		{"text unmarshaler", "/t", form, "addr=nowhere", false, 400, []string{`"addr":"is not valid: `}},
		{"nested", "/t", form, "address.zip=1&home.city=x&age=x", false, 400, []string{`"age":"must be a whole number"`}},
		{"several", "/t", form, "age=x&score=y", false, 400, []string{"age must be a whole number; score must be a number"}},
		{"path param", "/t/abc", "", "", false, 400, []string{`"id":"must be a whole number"`}},
		{"query param", "/t?page=two", "", "", false, 400, []string{`"page":"must be a whole number"`}},
		{"multipart type", "/t", "", "", false, 400, nil},
		{"json type", "/t", "application/json", `{"age":"abc"}`, false, 400, []string{"JSON field age", "want int, got string", `"age":"must be a whole number"`}}, // the form's words
		{"json syntax", "/t", "application/json", `{"age":`, false, 400, []string{"malformed JSON"}},
		{"json unknown ignored", "/t", "application/json", `{"zzz":1}`, false, 204, nil},
		{"json unknown strict", "/t", "application/json", `{"zzz":1}`, true, 400, []string{`unknown JSON field \"zzz\"`}},
		{"json too large", "/t", "application/json", `{"name":"` + big + `"}`, false, 413, []string{"the limit is 256 bytes"}},
		{"form too large", "/t", form, "name=" + big, false, 413, []string{"the limit is 256 bytes"}},
		{"multipart too large", "/t", bigMultipartType, bigMultipart, false, 413, []string{"the limit is 256 bytes"}},
		{"unsupported type", "/t", "text/plain", "hello", false, 415, []string{"Content-Type must be application/json, application/x-www-form-urlencoded or multipart/form-data, got text/plain"}},
		{"no type", "/t", "", "hello", false, 415, []string{"got none"}},
		{"multipart without boundary", "/t", "multipart/form-data", "--x\r\n", false, 400, []string{"malformed form body"}},
		{"malformed multipart", "/t", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", false, 400, []string{"malformed form body"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "multipart type" {
				tc.body, tc.ctype = multipartBody(t, "age", "x")
				tc.want = []string{`"age":"must be a whole number"`}
			}
			var got bindTarget
			app := bindApp(pylon.Config{MaxBodyBytes: 256, StrictJSON: tc.strict}, &got)
			w := do(t, app, "POST", tc.target, tc.body, "Content-Type", tc.ctype, "Accept", "application/json")
			wantStatus(t, w, tc.code)
			wantBodyContains(t, w, tc.want...)
		})
	}
}

func TestBindNeedsStructPointer(t *testing.T) {
	app := newApp(pylon.Config{})
	var errs []error
	app.GET("/", func(c *pylon.Context) error {
		var n int
		var nilTarget *bindTarget
		errs = append(errs, c.Bind(n), c.Bind(&n), c.Bind(nilTarget), c.Bind(nil))
		return nil
	})
	do(t, app, "GET", "/", "")
	for i, err := range errs {
		if err == nil || pylon.StatusOf(err) != 500 || !strings.Contains(err.Error(), "pointer to a struct") {
			t.Errorf("case %d: err = %v", i, err)
		}
	}
}

// recursive types must not send the metadata walk into a loop.
type bindNode struct {
	Name string    `form:"name"`
	Next *bindNode `form:"next"`
}

func TestBindRecursiveType(t *testing.T) {
	app := newApp(pylon.Config{})
	app.POST("/", func(c *pylon.Context) error {
		var n bindNode
		if err := c.Bind(&n); err != nil {
			return err
		}
		return c.String(200, n.Name)
	})
	w := do(t, app, "POST", "/", "name=a&next.name=b", "Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, w, 200)
	wantBody(t, w, "a")
}

func TestBindConcurrent(t *testing.T) {
	var got bindTarget
	app := bindApp(pylon.Config{}, &got)
	app.GET("/c/{id}", func(c *pylon.Context) error {
		var v bindTarget
		if err := c.Bind(&v); err != nil {
			return err
		}
		return c.String(200, v.Name)
	})
	t.Run("group", func(t *testing.T) {
		for i := range 8 {
			t.Run("", func(t *testing.T) {
				t.Parallel()
				r := httptest.NewRequest("GET", "/c/1?name=n"+string(rune('a'+i)), nil)
				w := httptest.NewRecorder()
				app.ServeHTTP(w, r)
				wantStatus(t, w, 200)
				wantBody(t, w, "n"+string(rune('a'+i)))
			})
		}
	})
}

func BenchmarkBindForm(b *testing.B) {
	app := newApp(pylon.Config{})
	app.POST("/t/{id}", func(c *pylon.Context) error {
		var v bindTarget
		return c.Bind(&v)
	})
	body := "name=Ann&age=30&tag=a&tag=b&born=2024-05-01&address.city=Oslo"
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/t/7?page=2", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		app.ServeHTTP(httptest.NewRecorder(), r)
	}
}
