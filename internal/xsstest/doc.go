// Package xsstest holds the test that Pylon's templates escape untrusted
// data in every context a page puts it in: HTML text, attributes, URLs and
// JavaScript. It has no code; the render package covers its Jinja2 engine
// in its own tests.
package xsstest
