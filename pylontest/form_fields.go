package pylontest

import (
	"slices"
	"strings"
)

// Set sets the value of the first field named name: a text input (of any
// type: text, email, hidden, password, ...) or a textarea; for a select
// or a radio group it selects value, as Select does. Hidden and readonly
// fields may be set, to test what a handler does with a tampered value.
// It fails the test for a checkbox or file field (use Check or Upload),
// a disabled field, or a name the form does not have.
func (f *Form) Set(name, value string) *Form {
	f.resp.t.Helper()
	c := f.field(name)
	if c == nil {
		return f
	}
	switch c.kind {
	case "select", "radio":
		return f.Select(name, value)
	case "checkbox":
		f.fail("Set: %q is a checkbox: use Check or Uncheck", name)
	case "file":
		f.fail("Set: %q is a file field: use Upload", name)
	default:
		c.value = value
	}
	return f
}

// Get returns the value of the first field named name that the form
// would submit, or "" if it would submit none. Buttons are not counted.
func (f *Form) Get(name string) string {
	for _, e := range f.entries(nil) {
		if e.name == name {
			return e.value
		}
	}
	return ""
}

// Check checks the checkboxes named name whose value is among values, or,
// with no values, the one checkbox named name. For a radio group, it
// selects the radio with the given value, as Select does. It fails the
// test if a value matches no checkbox or the field is disabled.
func (f *Form) Check(name string, values ...string) *Form {
	f.resp.t.Helper()
	return f.setChecked("Check", name, values, true)
}

// Uncheck unchecks the checkboxes named name whose value is among values,
// or, with no values, the one checkbox named name.
func (f *Form) Uncheck(name string, values ...string) *Form {
	f.resp.t.Helper()
	return f.setChecked("Uncheck", name, values, false)
}

func (f *Form) setChecked(method, name string, values []string, checked bool) *Form {
	f.resp.t.Helper()
	first := f.field(name)
	if first == nil {
		return f
	}
	if first.kind == "radio" && checked && len(values) == 1 {
		return f.Select(name, values[0])
	}
	boxes := f.named(name, "checkbox")
	if len(boxes) == 0 {
		f.fail("%s: %q is a %s, not a checkbox", method, name, first.kind)
		return f
	}
	if len(values) == 0 {
		if len(boxes) > 1 {
			f.fail("%s: %d checkboxes are named %q: give the values to %s", method, len(boxes), name, strings.ToLower(method))
			return f
		}
		values = []string{boxes[0].value}
	}
	for _, v := range values {
		i := slices.IndexFunc(boxes, func(c *control) bool { return c.value == v })
		if i < 0 {
			f.fail("%s: no checkbox %q has the value %q (values: %s)", method, name, v, quoteAll(controlValues(boxes)))
			return f
		}
		if boxes[i].disabled {
			f.fail("%s: the checkbox %q with value %q is disabled", method, name, v)
			return f
		}
		boxes[i].checked = checked
	}
	return f
}

// Select selects values in the select named name, deselecting the rest;
// a select without the multiple attribute takes exactly one value. For a
// radio group it checks the radio with the one value given. Options match
// by value (their value attribute, or else their text). It fails the test
// if a value matches no option or an option or the field is disabled.
func (f *Form) Select(name string, values ...string) *Form {
	f.resp.t.Helper()
	c := f.field(name)
	if c == nil {
		return f
	}
	switch {
	case c.kind == "radio":
		return f.selectRadio(name, values)
	case c.kind != "select":
		f.fail("Select: %q is a %s, not a select or a radio group", name, c.kind)
		return f
	case c.disabled:
		f.fail("Select: %q is disabled", name)
		return f
	case !c.multiple && len(values) != 1:
		f.fail("Select: %q takes one value, not %d", name, len(values))
		return f
	}
	for _, v := range values {
		i := slices.IndexFunc(c.options, func(o *option) bool { return o.value == v })
		if i < 0 {
			f.fail("Select: %q has no option %q (options: %s)", name, v, quoteAll(optionValues(c.options)))
			return f
		}
		if c.options[i].disabled {
			f.fail("Select: the option %q of %q is disabled", v, name)
			return f
		}
	}
	for _, o := range c.options {
		o.selected = slices.Contains(values, o.value)
	}
	return f
}

func (f *Form) selectRadio(name string, values []string) *Form {
	f.resp.t.Helper()
	if len(values) != 1 {
		f.fail("Select: the radio group %q takes one value, not %d", name, len(values))
		return f
	}
	radios := f.named(name, "radio")
	i := slices.IndexFunc(radios, func(c *control) bool { return c.value == values[0] })
	switch {
	case i < 0:
		f.fail("Select: no radio %q has the value %q (values: %s)", name, values[0], quoteAll(controlValues(radios)))
		return f
	case radios[i].disabled:
		f.fail("Select: the radio %q with value %q is disabled", name, values[0])
		return f
	}
	for j, r := range radios {
		r.checked = j == i
	}
	return f
}

// Upload chooses a file for the file field named name: filename and
// content are sent as a browser sends a chosen file, with a Content-Type
// from the file name's extension. A field with the multiple attribute
// collects the files of several calls; another field keeps the last. The
// form sends file contents only if its Enctype is multipart/form-data;
// otherwise only the file name, as a browser does.
func (f *Form) Upload(name, filename string, content []byte) *Form {
	f.resp.t.Helper()
	c := f.field(name)
	if c == nil {
		return f
	}
	if c.kind != "file" {
		f.fail("Upload: %q is a %s, not a file field", name, c.kind)
		return f
	}
	u := upload{filename: filename, content: content}
	if c.multiple {
		c.files = append(c.files, u)
	} else {
		c.files = []upload{u}
	}
	return f
}

// field returns the first control named name that is not a button,
// failing the test if there is none or it is disabled.
func (f *Form) field(name string) *control {
	f.resp.t.Helper()
	for _, c := range f.controls {
		if c.name != name || c.kind == "submit" || c.kind == "image" {
			continue
		}
		if c.disabled && c.kind != "checkbox" && c.kind != "radio" {
			f.fail("the field %q is disabled: a browser would neither change nor send it", name)
			return nil
		}
		return c
	}
	f.fail("the form has no field named %q (fields: %s)", name, quoteAll(f.names()))
	return nil
}

// named returns the controls of a kind named name.
func (f *Form) named(name, kind string) []*control {
	var out []*control
	for _, c := range f.controls {
		if c.name == name && c.kind == kind {
			out = append(out, c)
		}
	}
	return out
}

// names lists the form's field names, once each, in page order.
func (f *Form) names() []string {
	var names []string
	for _, c := range f.controls {
		if c.kind != "submit" && c.kind != "image" && !slices.Contains(names, c.name) {
			names = append(names, c.name)
		}
	}
	return names
}

// normalizeRadios leaves at most one radio of each group checked, the
// last, as a browser's DOM does.
func (f *Form) normalizeRadios() {
	last := map[string]*control{}
	for _, c := range f.controls {
		if c.kind == "radio" && c.checked {
			if prev := last[c.name]; prev != nil {
				prev.checked = false
			}
			last[c.name] = c
		}
	}
}

func (f *Form) fail(format string, args ...any) {
	f.resp.t.Helper()
	f.resp.t.Fatalf("Form: "+format, args...)
}

func controlValues(cs []*control) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.value
	}
	return out
}

func optionValues(os []*option) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.value
	}
	return out
}
