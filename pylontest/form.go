package pylontest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Form is an HTML form found in a page by Response.Form, holding the
// values of its controls as the page set them. Change them with Set,
// Check, Uncheck, Select and Upload, then send the form with Submit or
// SubmitWith. The methods fail the test when asked for a field the form
// does not have. A Form is not safe for concurrent use.
type Form struct {
	// Method is the form's method in upper case, "GET" or "POST", from its
	// method attribute; an absent or unknown method is GET, as in a
	// browser. Change it to submit the form differently.
	Method string
	// Action is the absolute URL the form submits to: its action
	// attribute resolved against the page's URL, or the page's URL.
	Action string
	// Enctype is how a POST body is encoded, from the enctype attribute:
	// "application/x-www-form-urlencoded" (also for absent or unknown
	// values), "multipart/form-data" or "text/plain".
	Enctype string

	resp     *Response
	controls []*control
}

// control is one form control with its current state.
type control struct {
	name     string
	kind     string // an input type ("text", "checkbox", "submit", "image", ...), "select" or "textarea"
	value    string // the value, or a checkbox's, radio's or button's value attribute
	checked  bool
	disabled bool
	multiple bool
	options  []*option
	files    []upload

	// A submit button's overrides: formaction, formmethod, formenctype.
	formAction, formMethod, formEnctype *string
}

type option struct {
	value    string
	selected bool
	disabled bool
}

type upload struct {
	filename string
	content  []byte
}

const (
	urlencoded    = "application/x-www-form-urlencoded"
	multipartForm = "multipart/form-data"
	textPlain     = "text/plain"
)

// Form returns the form that selector matches in the page: a <form>
// element, or the one form inside the matched element. It fails the test
// unless selector leads to exactly one form.
func (r *Response) Form(selector string) *Form {
	r.t.Helper()
	sel := r.Find(selector)
	forms := sel.Filter("form")
	if forms.Length() == 0 {
		forms = sel.Find("form")
	}
	if n := forms.Length(); n != 1 {
		r.fail("Form: %q leads to %d forms, want 1 (the page has %d)", selector, n, r.Find("form").Length())
		return &Form{resp: r, Method: "GET", Action: r.URL().String(), Enctype: urlencoded}
	}
	return newForm(r, forms)
}

func newForm(r *Response, form *goquery.Selection) *Form {
	f := &Form{resp: r, Method: formMethod(form.AttrOr("method", "")), Enctype: formEnctype(form.AttrOr("enctype", ""))}
	page := *r.URL() // no action: the page's own URL, not its <base>
	page.Fragment, page.RawFragment = "", ""
	f.Action = page.String()
	if a := strings.TrimSpace(form.AttrOr("action", "")); a != "" {
		if u, ok := r.resolve(a); ok {
			f.Action = u.String()
		}
	}
	formID := form.AttrOr("id", "")
	r.Find("input, select, textarea, button").Each(func(_ int, el *goquery.Selection) {
		if !ownedBy(el, form, formID) {
			return
		}
		if c := newControl(el); c != nil {
			f.controls = append(f.controls, c)
		}
	})
	f.normalizeRadios()
	return f
}

// ownedBy reports whether form is el's form owner: the form its form
// attribute names, or else its nearest form ancestor.
func ownedBy(el, form *goquery.Selection, formID string) bool {
	if id, ok := el.Attr("form"); ok {
		return formID != "" && id == formID
	}
	return el.Closest("form").IsSelection(form)
}

func formMethod(m string) string {
	if strings.EqualFold(strings.TrimSpace(m), "post") {
		return "POST"
	}
	return "GET"
}

func formEnctype(e string) string {
	switch e = strings.ToLower(strings.TrimSpace(e)); e {
	case multipartForm, textPlain:
		return e
	}
	return urlencoded
}

// newControl reads a control's state from the page, or returns nil for
// one that never submits (no name, reset and plain buttons).
func newControl(el *goquery.Selection) *control {
	name, ok := el.Attr("name")
	if !ok || name == "" {
		return nil
	}
	c := &control{name: name, disabled: isDisabled(el)}
	switch goquery.NodeName(el) {
	case "input":
		c.kind = strings.ToLower(strings.TrimSpace(el.AttrOr("type", "text")))
		c.value = el.AttrOr("value", "")
		switch c.kind {
		case "reset", "button":
			return nil
		case "checkbox", "radio":
			c.value = el.AttrOr("value", "on")
			_, c.checked = el.Attr("checked")
		case "submit", "image":
			c.readOverrides(el)
		case "file":
			_, c.multiple = el.Attr("multiple")
		case "":
			c.kind = "text"
		}
	case "textarea":
		c.kind = "textarea"
		c.value = el.Text()
	case "select":
		c.kind = "select"
		_, c.multiple = el.Attr("multiple")
		c.readOptions(el)
	case "button":
		switch strings.ToLower(strings.TrimSpace(el.AttrOr("type", "submit"))) {
		case "reset", "button":
			return nil
		}
		c.kind = "submit"
		c.value = el.AttrOr("value", "")
		c.readOverrides(el)
	}
	return c
}

func (c *control) readOverrides(el *goquery.Selection) {
	attr := func(name string) *string {
		if v, ok := el.Attr(name); ok {
			return &v
		}
		return nil
	}
	c.formAction, c.formMethod, c.formEnctype = attr("formaction"), attr("formmethod"), attr("formenctype")
}

// readOptions reads a select's options and fixes its selection as a
// browser does: a single select keeps only its last selected option, or
// selects its first enabled one.
func (c *control) readOptions(el *goquery.Selection) {
	el.Find("option").Each(func(_ int, o *goquery.Selection) {
		v, ok := o.Attr("value")
		if !ok {
			v = strings.Join(strings.Fields(o.Text()), " ")
		}
		_, selected := o.Attr("selected")
		_, disabled := o.Attr("disabled")
		disabled = disabled || o.ParentFiltered("optgroup[disabled]").Length() > 0
		c.options = append(c.options, &option{value: v, selected: selected, disabled: disabled})
	})
	if c.multiple {
		return
	}
	if size, err := strconv.Atoi(el.AttrOr("size", "")); err == nil && size > 1 {
		return // a list box may show no selection
	}
	chosen := -1
	for i, o := range c.options {
		if o.selected {
			chosen = i
		}
		o.selected = false
	}
	if chosen < 0 {
		chosen = slices.IndexFunc(c.options, func(o *option) bool { return !o.disabled })
	}
	if chosen >= 0 {
		c.options[chosen].selected = true
	}
}

// isDisabled reports whether el is disabled by its own attribute or by a
// disabled fieldset it is in, outside that fieldset's first legend.
func isDisabled(el *goquery.Selection) bool {
	if _, ok := el.Attr("disabled"); ok {
		return true
	}
	disabled := false
	el.ParentsFiltered("fieldset[disabled]").EachWithBreak(func(_ int, fs *goquery.Selection) bool {
		legend := fs.ChildrenFiltered("legend").First()
		if legend.Length() == 0 || !legend.Contains(el.Get(0)) {
			disabled = true
		}
		return !disabled
	})
	return disabled
}
