package render

import (
	"bufio"
	"errors"
	"io"
	"net/http"

	"github.com/pylonweb/pylon"
)

// streamChunk is how much output StreamHTML gathers before it sends and
// flushes it.
const streamChunk = 4 << 10

// StreamHTML renders the named template straight to the client, sending
// each 4 KiB as it is produced instead of waiting for the whole page, for
// long pages whose data arrives slowly (a template that ranges over a
// channel or calls slow helpers). The price: the status is sent first, so
// an error in the middle cannot become an error page; the client gets a
// truncated page, and the error is returned for the App to log. Prefer
// [HTML] unless the first bytes matter. It uses the App's [Renderer].
func StreamHTML(c *pylon.Context, code int, name string, data any) error {
	r := From(c)
	if r == nil || r.Engine == nil {
		return errNoRenderer
	}
	if !r.Engine.Has(name) {
		return errors.New("render: no template " + `"` + name + `"`)
	}
	w := c.Response()
	w.Header().Set("Content-Type", contentHTML)
	w.WriteHeader(code)
	fw := &flushWriter{w: w, rc: http.NewResponseController(w)}
	bw := bufio.NewWriterSize(fw, streamChunk)
	if err := r.Engine.Render(bw, name, requestData(c, data)); err != nil {
		bw.Flush()
		return err
	}
	return bw.Flush()
}

// flushWriter flushes the response after every write it passes on.
type flushWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (f *flushWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil {
		return n, err
	}
	if ferr := f.rc.Flush(); ferr != nil && !errors.Is(ferr, http.ErrNotSupported) {
		return n, ferr
	}
	return n, nil
}
