package pylon

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// jsonValueField finds where in data the value lies that made err, an
// error encoding/json passed on from a type's own UnmarshalJSON or
// UnmarshalText (time.Time's "parsing time ...") without saying which
// field it was decoding. It decodes each member of data again, alone, into
// a fresh value of its field's type, and returns the path of the first
// one that fails with the same message ("start", "items[2].when"), or ""
// if none does. It runs only for a request that has already failed, and
// gives up after decoding a few times the body's size: each level of
// nesting decodes its part of the body again, so a deeply nested body
// would otherwise cost the square of its size.
func jsonValueField(data []byte, t reflect.Type, err error) string {
	var first json.RawMessage // the body's value, without what follows it
	if json.NewDecoder(bytes.NewReader(data)).Decode(&first) != nil {
		return ""
	}
	f := valueFinder{msg: err.Error(), budget: 4*len(first) + 4096}
	return f.find(first, t, "")
}

// valueFinder is the state of one search by jsonValueField.
type valueFinder struct {
	msg    string // the error to find
	budget int    // bytes left to decode
}

func (f *valueFinder) find(data []byte, t reflect.Type, path string) string {
	if f.budget -= len(data); f.budget < 0 {
		return ""
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if decodesItself(t) {
		if err := json.Unmarshal(data, reflect.New(t).Interface()); err != nil && err.Error() == f.msg {
			return path
		}
		return ""
	}
	switch t.Kind() {
	case reflect.Struct:
		keys, raws := jsonMembers(data)
		for i, key := range keys {
			raw := raws[i]
			ft, ok := jsonMemberType(t, key)
			if !ok {
				continue
			}
			p := key
			if path != "" {
				p = path + "." + key
			}
			if found := f.find(raw, ft, p); found != "" {
				return found
			}
		}
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if json.Unmarshal(data, &items) != nil {
			return ""
		}
		for i, raw := range items {
			if found := f.find(raw, t.Elem(), path+"["+strconv.Itoa(i)+"]"); found != "" {
				return found
			}
		}
	case reflect.Map:
		keys, raws := jsonMembers(data)
		for i, key := range keys {
			if found := f.find(raws[i], t.Elem(), path+"["+strconv.Quote(key)+"]"); found != "" {
				return found
			}
		}
	}
	return ""
}

// jsonMembers returns the members of the JSON object data in the order
// they are written, or nothing if data is not an object.
func jsonMembers(data []byte) (keys []string, raws []json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil
	}
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		var raw json.RawMessage
		if err != nil || !isKey || dec.Decode(&raw) != nil {
			return keys, raws
		}
		keys, raws = append(keys, key), append(raws, raw)
	}
	return keys, raws
}

var jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// decodesItself reports whether values of t decode with their own method,
// where the error that jsonValueField looks for comes from.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(jsonUnmarshalerType) || p.Implements(textUnmarshalerType)
}

// jsonMemberType returns the type of the field of struct type t that the
// object member key decodes into, by encoding/json's rules: the json tag's
// name or the field's, an exact match before a case-insensitive one, the
// fields of untagged embedded structs promoted, and a shallower field
// before a deeper one.
func jsonMemberType(t reflect.Type, key string) (reflect.Type, bool) {
	var fold reflect.Type
	level := []reflect.Type{t}
	for depth := 0; len(level) > 0 && depth < 8; depth++ {
		var next []reflect.Type
		var foldHere reflect.Type
		for _, st := range level {
			for i := range st.NumField() {
				f := st.Field(i)
				name := tagName(f, "json")
				if name == "-" {
					continue
				}
				if f.Anonymous && name == "" {
					if ft := indirectType(f.Type); ft.Kind() == reflect.Struct {
						next = append(next, ft) // promoted
						continue
					}
				}
				if !f.IsExported() {
					continue
				}
				if name == "" {
					name = f.Name
				}
				if name == key {
					return f.Type, true
				}
				if foldHere == nil && strings.EqualFold(name, key) {
					foldHere = f.Type
				}
			}
		}
		if fold == nil {
			fold = foldHere
		}
		level = next
	}
	return fold, fold != nil
}
