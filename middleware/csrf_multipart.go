package middleware

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
)

// maxMultipartScan bounds how much of a multipart body CSRF reads to find
// the token field, and so the memory a forged upload costs it.
const maxMultipartScan = 1 << 20

// errTokenAfterFile says the multipart form had no token field before its
// first file, or none within maxMultipartScan bytes.
var errTokenAfterFile = errors.New(`in a multipart form, put the field before any file input`)

// formToken returns the token from r's form body, or "". A multipart body
// is not parsed whole: CSRF reads its parts up to the first file (at most
// maxMultipartScan bytes) looking for the field, and the handler then
// reads the body from its start as if CSRF had not touched it. So a
// forged upload is refused after a bounded read, instead of being spooled
// to memory and disk first, and the handler's own limits apply to the
// upload. The second result explains a token missing before a file.
func (c *csrf) formToken(r *http.Request) (string, error) {
	if r.PostForm != nil || r.MultipartForm != nil || r.Body == nil || r.Body == http.NoBody {
		return r.PostFormValue(c.field), nil
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		// A urlencoded body: net/http reads at most 10 MB of it.
		return r.PostFormValue(c.field), nil
	}
	var seen bytes.Buffer
	body := r.Body
	mr := multipart.NewReader(io.TeeReader(io.LimitReader(body, maxMultipartScan), &seen), params["boundary"])
	token, sawFile := "", false
	for {
		p, err := mr.NextRawPart()
		if err != nil {
			break
		}
		if p.FileName() != "" {
			sawFile = true
			break
		}
		if p.FormName() == c.field {
			b, _ := io.ReadAll(io.LimitReader(p, 1024))
			token = string(b)
			break
		}
	}
	r.Body = &replayBody{Reader: io.MultiReader(bytes.NewReader(seen.Bytes()), body), body: body}
	if token == "" && (sawFile || seen.Len() >= maxMultipartScan) {
		return "", errTokenAfterFile
	}
	return token, nil
}

// replayBody is a request body that gives back the bytes CSRF read before
// the rest, and closes the original.
type replayBody struct {
	io.Reader
	body io.ReadCloser
}

func (b *replayBody) Close() error { return b.body.Close() }
