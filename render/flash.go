package render

import (
	"html/template"
	"reflect"
	"strings"
)

// FlashesKey is the Context key (c.Set, c.Get) under which a session
// middleware leaves the request's flash messages for the [Renderer] to put
// in map data as "Flashes".
const FlashesKey = "pylon.flashes"

// Flash is a one-time message for the next page, as Pylons'
// h.flash: a Category such as "success", "error" or "info" and the Text.
type Flash struct {
	Category string
	Text     string
}

// FlashesHTML returns the markup of flash messages:
//
//	<div class="flashes"><p class="flash flash-success" role="status">Saved.</p></div>
//
// It accepts a []Flash, or a slice of any struct (or pointer to one) with
// string fields Category and Text, such as the session package's; a []string
// is a list of texts in the "info" category. Anything else, or no
// messages, gives an empty string. Category and Text are escaped.
func FlashesHTML(list any) template.HTML {
	flashes := toFlashes(list)
	if len(flashes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<div class="flashes">`)
	for _, f := range flashes {
		cat := f.Category
		if cat == "" {
			cat = "info"
		}
		role := "status"
		if cat == "error" || cat == "danger" || cat == "warning" {
			role = "alert"
		}
		b.WriteString(`<p class="flash flash-`)
		b.WriteString(template.HTMLEscapeString(cat))
		b.WriteString(`" role="`)
		b.WriteString(role)
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(f.Text))
		b.WriteString(`</p>`)
	}
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

func toFlashes(list any) []Flash {
	switch l := list.(type) {
	case nil:
		return nil
	case []Flash:
		return l
	case []string:
		out := make([]Flash, len(l))
		for i, s := range l {
			out[i] = Flash{Category: "info", Text: s}
		}
		return out
	}
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return nil
	}
	out := make([]Flash, 0, v.Len())
	for i := range v.Len() {
		e := v.Index(i)
		for e.Kind() == reflect.Pointer || e.Kind() == reflect.Interface {
			if e.IsNil() {
				break
			}
			e = e.Elem()
		}
		if e.Kind() != reflect.Struct {
			continue
		}
		cat, text := e.FieldByName("Category"), e.FieldByName("Text")
		if !cat.IsValid() || !text.IsValid() || cat.Kind() != reflect.String || text.Kind() != reflect.String {
			continue
		}
		out = append(out, Flash{Category: cat.String(), Text: text.String()})
	}
	return out
}
