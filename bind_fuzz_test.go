package pylon_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pylonweb/pylon"
)

type fuzzTarget struct {
	ID    int           `param:"id" json:"-" form:"-"`
	Page  uint8         `query:"page" json:"-" form:"-"`
	Name  string        `json:"name" form:"name" validate:"required,max=20"`
	Email string        `json:"email" form:"email" validate:"omitempty,email"`
	Age   *int          `json:"age" form:"age" validate:"omitempty,gte=0"`
	Tags  []string      `json:"tags" form:"tag" validate:"max=3,dive,max=10"`
	When  time.Time     `json:"when" form:"when"`
	Wait  time.Duration `json:"wait" form:"wait"`
	Ok    bool          `json:"ok" form:"ok"`
	Rate  float32       `json:"rate" form:"rate"`
	Sub   struct {
		City string `json:"city" form:"city" validate:"omitempty,alpha"`
	} `json:"sub" form:"sub"`
	Files []*pylon.Upload `json:"-" form:"file"`
}

// FuzzBind sends random bodies, content types and query strings through
// Bind: every answer must be one of the statuses Bind documents, never a
// panic (a 500).
func FuzzBind(f *testing.F) {
	f.Add("application/json", "page=1", []byte(`{"name":"a","tags":["x"],"sub":{"city":"Oslo"}}`))
	f.Add("application/x-www-form-urlencoded", "", []byte("name=a&age=3&tag=x&tag=y&when=2024-01-02&sub.city=b"))
	f.Add("multipart/form-data; boundary=X", "page=300", []byte("--X\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nann\r\n--X--\r\n"))
	f.Add("text/plain", "name=a", []byte("hello"))
	f.Add("", "", []byte{})
	app := newApp(pylon.Config{MaxBodyBytes: 1 << 12, StrictJSON: true})
	app.POST("/f/{id}", func(c *pylon.Context) error {
		var v fuzzTarget
		return c.Bind(&v)
	}, pylon.Uploads(pylon.UploadOptions{MaxFileBytes: 100, AllowedTypes: []string{"text/plain"}}))
	allowed := map[int]bool{200: true, 400: true, 413: true, 415: true, 422: true}
	f.Fuzz(func(t *testing.T, ctype, query string, body []byte) {
		r := httptest.NewRequest("POST", "/f/7", bytes.NewReader(body))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", ctype)
		r.Header.Set("Accept", "application/json")
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		if !allowed[w.Code] {
			t.Fatalf("status %d for Content-Type %q, query %q, body %q: %s", w.Code, ctype, query, body, w.Body)
		}
		if w.Code == http.StatusOK && w.Body.Len() != 0 {
			t.Fatalf("unexpected body %q", w.Body)
		}
	})
}
