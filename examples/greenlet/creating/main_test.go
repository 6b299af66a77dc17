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
	if want := "Hello from my_task\nHello from another_task\n"; out.String() != want {
		t.Errorf("output:\n%q\nwant:\n%q", out.String(), want)
	}
}
