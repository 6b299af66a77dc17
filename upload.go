package pylon

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"reflect"
	"strings"
)

// UploadOptions limits the files a request may upload. The zero value
// accepts files of any type up to the body limit (Config.MaxBodyBytes,
// which bounds the whole request and so every upload; raise it for large
// files).
type UploadOptions struct {
	// MaxFileBytes limits the size of each file; a larger one is answered
	// with 413. If zero, only the body limit applies.
	MaxFileBytes int64
	// MaxTotalBytes limits the total size of all the files in the request;
	// more is answered with 413. If zero, only the body limit applies.
	MaxTotalBytes int64
	// AllowedTypes lists the media types a file may have, as sniffed from
	// its first 512 bytes with http.DetectContentType (the client's
	// declared type is not trusted): "image/png", or "image/*" for a
	// family. A file of another type is answered with 415. If empty, any
	// type.
	AllowedTypes []string
}

// uploadOptionsKey holds the request's *UploadOptions in Context values.
const uploadOptionsKey = "pylon.uploadOptions"

// multipartKey holds the multipart forms parsed for the request, so that
// CleanupUploads finds them even when a middleware replaced the request.
const multipartKey = "pylon.multipartForms"

// Uploads returns middleware that sets the upload limits of the requests
// it wraps (read by FormFile, FormFiles and Bind) and, when the handler
// returns, removes the temporary files that parsing their multipart forms
// created. Use it on the App or on the routes that take uploads.
func Uploads(opts UploadOptions) Middleware {
	o := &opts
	return func(next Handler) Handler {
		return func(c *Context) error {
			c.Set(uploadOptionsKey, o)
			defer func() {
				if err := c.CleanupUploads(); err != nil {
					c.Logger().Warn("removing upload temporary files", "error", err)
				}
			}()
			return next(c)
		}
	}
}

// CleanupUploads removes the temporary files of the request's multipart
// form: the parts larger than the form's memory limit are kept on disk
// until then. The Uploads middleware calls it when the handler returns;
// without that middleware, call defer c.CleanupUploads() in handlers that
// read files. (net/http's server removes them for the request it handed
// to the App, but not for a request that a middleware replaced, nor under
// httptest.) It may be called more than once.
func (c *Context) CleanupUploads() error {
	var errs []error
	if v, ok := c.Get(multipartKey); ok {
		for _, f := range v.([]*multipart.Form) {
			errs = append(errs, f.RemoveAll())
		}
		c.Set(multipartKey, []*multipart.Form(nil))
	}
	if c.req != nil && c.req.MultipartForm != nil {
		errs = append(errs, c.req.MultipartForm.RemoveAll())
	}
	return errors.Join(errs...)
}

// trackMultipart remembers the request's multipart form for CleanupUploads.
func (c *Context) trackMultipart() {
	f := c.req.MultipartForm
	if f == nil {
		return
	}
	v, _ := c.Get(multipartKey)
	forms, _ := v.([]*multipart.Form)
	for _, g := range forms {
		if g == f {
			return
		}
	}
	c.Set(multipartKey, append(forms, f))
}

// uploadOptions returns the options set by the Uploads middleware, or the
// zero options.
func (c *Context) uploadOptions() UploadOptions {
	if v, ok := c.Get(uploadOptionsKey); ok {
		if o, ok := v.(*UploadOptions); ok && o != nil {
			return *o
		}
	}
	return UploadOptions{}
}

// multipartForm parses the multipart body, within the body limit.
func (c *Context) multipartForm() (*multipart.Form, error) {
	ct := c.req.Header.Get("Content-Type")
	if mediaType(ct) != "multipart/form-data" {
		if ct == "" {
			ct = "none"
		}
		return nil, Errorf(http.StatusUnsupportedMediaType, "Content-Type must be multipart/form-data to upload files, got %s", ct)
	}
	if _, err := c.Form(); err != nil {
		return nil, err
	}
	r := c.req
	if r.MultipartForm == nil {
		// Form recognises multipart bodies by a case-sensitive prefix.
		c.limitBody()
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return nil, bodyError(err, "form")
		}
	}
	c.trackMultipart()
	return r.MultipartForm, nil
}

// FormFile returns the file uploaded in the multipart form field name,
// within the limits set by the Uploads middleware. A missing file is a
// 422 "is required" (errors.Is(err, http.ErrMissingFile) holds), a body
// that is not multipart a 415, a file over the limits a 413 and one of a
// type not allowed a 415, each naming the field in HTTPError.Fields.
func (c *Context) FormFile(name string) (*Upload, error) {
	files, err := c.FormFilesWith(name, c.uploadOptions())
	if err != nil {
		return nil, err
	}
	return files[0], nil
}

// FormFiles returns the files uploaded in the multipart form field name
// (an <input type="file" multiple>), like FormFile.
func (c *Context) FormFiles(name string) ([]*Upload, error) {
	return c.FormFilesWith(name, c.uploadOptions())
}

// FormFilesWith returns the files uploaded in the multipart form field
// name, within the limits of opts rather than those of the Uploads
// middleware. It returns at least one file or an error.
func (c *Context) FormFilesWith(name string, opts UploadOptions) ([]*Upload, error) {
	form, err := c.multipartForm()
	if err != nil {
		return nil, err
	}
	files, err := newUploads(name, form, opts)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, Unprocessable(name+" is required", map[string]string{name: "is required"}).WithInternal(http.ErrMissingFile)
	}
	return files, nil
}

// newUploads checks the files of field name against opts and sniffs
// their types.
func newUploads(name string, form *multipart.Form, opts UploadOptions) ([]*Upload, error) {
	if opts.MaxTotalBytes > 0 {
		var total int64
		for _, fhs := range form.File {
			for _, fh := range fhs {
				total += fh.Size
			}
		}
		if total > opts.MaxTotalBytes {
			return nil, &HTTPError{Code: http.StatusRequestEntityTooLarge,
				Message: fmt.Sprintf("the uploaded files total %s; the limit is %s", formatBytes(total), formatBytes(opts.MaxTotalBytes)),
				Fields:  map[string]string{name: "must total at most " + formatBytes(opts.MaxTotalBytes)}}
		}
	}
	var files []*Upload
	for _, fh := range form.File[name] {
		if opts.MaxFileBytes > 0 && fh.Size > opts.MaxFileBytes {
			msg := "must be at most " + formatBytes(opts.MaxFileBytes)
			return nil, &HTTPError{Code: http.StatusRequestEntityTooLarge,
				Message: fmt.Sprintf("%s %s (it is %s)", name, msg, formatBytes(fh.Size)),
				Fields:  map[string]string{name: msg}}
		}
		u := &Upload{Field: name, Filename: sanitizeFilename(fh.Filename), Size: fh.Size,
			DeclaredType: fh.Header.Get("Content-Type"), header: fh}
		if err := u.sniff(); err != nil {
			return nil, err
		}
		if !typeAllowed(u.ContentType, opts.AllowedTypes) {
			msg := "must be of type " + strings.Join(opts.AllowedTypes, ", ")
			return nil, &HTTPError{Code: http.StatusUnsupportedMediaType,
				Message: fmt.Sprintf("%s %s, not %s", name, msg, mediaType(u.ContentType)),
				Fields:  map[string]string{name: msg}}
		}
		files = append(files, u)
	}
	return files, nil
}

// sniff sets ContentType from the file's first 512 bytes.
func (u *Upload) sniff() error {
	f, err := u.Open()
	if err != nil {
		return Errorf(http.StatusInternalServerError, "opening upload %s: %w", u.Field, err)
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return Errorf(http.StatusInternalServerError, "reading upload %s: %w", u.Field, err)
	}
	u.ContentType = http.DetectContentType(buf[:n])
	return nil
}

// typeAllowed reports whether the media type of ct is in allowed, which
// may hold families such as "image/*".
func typeAllowed(ct string, allowed []string) bool {
	if len(allowed) == 0 {
		return true
	}
	mt := mediaType(ct)
	for _, a := range allowed {
		a = strings.ToLower(a)
		if a == mt || (strings.HasSuffix(a, "/*") && strings.HasPrefix(mt, a[:len(a)-1])) {
			return true
		}
	}
	return false
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

var uploadPtrType, uploadSliceType = reflect.TypeFor[*Upload](), reflect.TypeFor[[]*Upload]()

func isUploadType(t reflect.Type) bool { return t == uploadPtrType || t == uploadSliceType }

// decodeUploads fills *Upload and []*Upload fields from a multipart form.
func (bi *bindInfo) decodeUploads(root reflect.Value, c *Context, errs *ValidationError) error {
	form := c.req.MultipartForm
	if form == nil {
		return nil
	}
	var opts *UploadOptions
	for i := range bi.fields {
		f := &bi.fields[i]
		if !f.upload || len(form.File[f.form]) == 0 {
			continue
		}
		if opts == nil {
			o := c.uploadOptions()
			opts = &o
		}
		files, err := newUploads(f.form, form, *opts)
		if err != nil {
			return err
		}
		v := fieldAt(root, f.index)
		if v.Type() == uploadPtrType {
			v.Set(reflect.ValueOf(files[0]))
		} else {
			v.Set(reflect.ValueOf(files))
		}
	}
	return nil
}
