package pylon

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
)

// simpleMessages are the messages of rules whose wording does not depend
// on the field's kind or the rule's parameter.
var simpleMessages = map[string]string{
	"required":             "is required",
	"required_if":          "is required",
	"required_unless":      "is required",
	"required_with":        "is required",
	"required_with_all":    "is required",
	"required_without":     "is required",
	"required_without_all": "is required",
	"email":                "must be a valid email address",
	"url":                  "must be a valid URL",
	"http_url":             "must be a valid URL",
	"https_url":            "must be a valid https URL",
	"uri":                  "must be a valid URI",
	"alpha":                "must contain only letters",
	"alphanum":             "must contain only letters and digits",
	"alphaunicode":         "must contain only letters",
	"alphanumunicode":      "must contain only letters and digits",
	"ascii":                "must contain only ASCII characters",
	"numeric":              "must be a number",
	"number":               "must be a number",
	"boolean":              "must be true or false",
	"uuid":                 "must be a valid UUID",
	"uuid4":                "must be a valid UUID",
	"uuid7":                "must be a valid UUID",
	"ip":                   "must be a valid IP address",
	"ipv4":                 "must be a valid IPv4 address",
	"ipv6":                 "must be a valid IPv6 address",
	"cidr":                 "must be a valid CIDR range",
	"hostname":             "must be a valid host name",
	"hostname_rfc1123":     "must be a valid host name",
	"fqdn":                 "must be a fully qualified domain name",
	"e164":                 "must be a phone number in E.164 format, such as +14155550100",
	"lowercase":            "must be in lower case",
	"uppercase":            "must be in upper case",
	"unique":               "must not contain duplicates",
	"json":                 "must be valid JSON",
	"hexcolor":             "must be a hex color such as #1a2b3c",
	"iscolor":              "must be a color",
	"base64":               "must be valid base64",
	"latitude":             "must be a latitude between -90 and 90",
	"longitude":            "must be a longitude between -180 and 180",
	"semver":               "must be a semantic version such as 1.2.3",
	"isdefault":            "must be empty",
}

// message returns the English message for a failed rule: a phrase that
// follows the field's name. Rules it does not know read "must satisfy
// tag=param".
func message(fe validator.FieldError, bi *bindInfo, kind bodyKind) string {
	tag, p := fe.Tag(), fe.Param()
	if m, ok := simpleMessages[tag]; ok {
		return m
	}
	switch tag {
	case "min", "gte":
		return sizeMessage(fe.Kind(), "at least", p)
	case "max", "lte":
		return sizeMessage(fe.Kind(), "at most", p)
	case "len":
		return sizeMessage(fe.Kind(), "exactly", p)
	case "gt":
		return sizeMessage(fe.Kind(), "more than", p)
	case "lt":
		return sizeMessage(fe.Kind(), "fewer than", p)
	case "eq":
		return "must be " + p
	case "ne":
		return "must not be " + p
	case "oneof":
		return "must be one of: " + strings.Join(strings.Fields(p), ", ")
	case "eqfield":
		return "must match " + sibling(fe, bi, kind)
	case "nefield":
		return "must differ from " + sibling(fe, bi, kind)
	case "gtfield", "gtefield":
		return "must be after " + sibling(fe, bi, kind)
	case "ltfield", "ltefield":
		return "must be before " + sibling(fe, bi, kind)
	case "datetime":
		return "must be a date and time in the format " + p
	case "contains":
		return fmt.Sprintf("must contain %q", p)
	case "excludes":
		return fmt.Sprintf("must not contain %q", p)
	case "startswith":
		return fmt.Sprintf("must start with %q", p)
	case "endswith":
		return fmt.Sprintf("must end with %q", p)
	}
	if p != "" {
		return "must satisfy " + tag + "=" + p
	}
	return "must satisfy " + tag
}

// sizeMessage words a bound on a number, a string's length in characters
// or a collection's number of items.
func sizeMessage(k reflect.Kind, bound, p string) string {
	switch k {
	case reflect.String:
		unit := " characters"
		if p == "1" {
			unit = " character"
		}
		return "must be " + bound + " " + p + unit
	case reflect.Slice, reflect.Array, reflect.Map:
		unit := " items"
		if p == "1" {
			unit = " item"
		}
		return "must have " + bound + " " + p + unit
	}
	switch bound {
	case "exactly":
		return "must be " + p
	case "more than":
		return "must be greater than " + p
	case "fewer than":
		return "must be less than " + p
	}
	return "must be " + bound + " " + p
}

// sibling names the field that a cross-field rule (eqfield=Password)
// refers to, as the client knows it.
func sibling(fe validator.FieldError, bi *bindInfo, kind bodyKind) string {
	ns := fe.StructNamespace()
	if i := strings.LastIndexByte(ns, '.'); i >= 0 {
		ns = ns[:i]
	}
	return bi.clientName(ns+"."+fe.Param(), kind)
}
