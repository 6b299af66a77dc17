package pylon

import "strings"

// mediaType returns the media type of a Content-Type value, lower-cased
// and without parameters: "Multipart/Form-Data; boundary=x" gives
// "multipart/form-data". Unlike mime.ParseMediaType it allocates nothing
// for the usual lower-case values, so the request path can afford it.
//
// Only ASCII letters are lowered, as media types are ASCII tokens:
// strings.ToLower would also fold other letters (the Kelvin sign to k)
// and replace invalid UTF-8, so a value's type would depend on whether it
// had an upper-case ASCII letter too.
func mediaType(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	for i := 0; i < len(mt); i++ {
		if 'A' <= mt[i] && mt[i] <= 'Z' {
			b := []byte(mt)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return mt
}
