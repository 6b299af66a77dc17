package pylon

import "testing"

func TestMediaType(t *testing.T) {
	for in, want := range map[string]string{
		"multipart/form-data; boundary=x":   "multipart/form-data",
		"Multipart/Form-Data; boundary=x":   "multipart/form-data",
		" application/json ":                "application/json",
		"application/x-www-form-urlencoded": "application/x-www-form-urlencoded",
		"":                                  "",
	} {
		if got := mediaType(in); got != want {
			t.Errorf("mediaType(%q) = %q, want %q", in, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { mediaType("multipart/form-data; boundary=x") }); n != 0 {
		t.Errorf("mediaType allocates %v times for a lower-case value", n)
	}
}
