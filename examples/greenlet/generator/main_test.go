package main

import (
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestOutput(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if want := "0\n1\n2\n3\n4\n"; out.String() != want {
		t.Errorf("output:\n%q\nwant:\n%q", out.String(), want)
	}
}
