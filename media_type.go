package pylon

import "strings"

// mediaType returns the media type of a Content-Type value, lower-cased
// and without parameters: "Multipart/Form-Data; boundary=x" gives
// "multipart/form-data". Unlike mime.ParseMediaType it allocates nothing
// for the usual lower-case values, so the request path can afford it.
func mediaType(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	for i := 0; i < len(mt); i++ {
		if 'A' <= mt[i] && mt[i] <= 'Z' {
			return strings.ToLower(mt)
		}
	}
	return mt
}
