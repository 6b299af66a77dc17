package pylon

import (
	"reflect"
	"strings"
	"sync"
)

// bindField is one bindable leaf of a struct: where it lives and the names
// it goes by in each source. Nested structs are flattened into leaves with
// dotted form names.
type bindField struct {
	index  []int  // path of field indexes from the root struct
	form   string // name in form bodies, "" if not read from forms
	query  string // name in the query string, "" if none
	param  string // route parameter name, "" if none
	decode decodeFunc
	upload bool // *Upload or []*Upload, read from multipart files
}

// fieldNames are the names one struct field goes by, for naming it in
// messages. A field of an embedded struct is promoted, so the embedded
// field itself is flat and contributes no segment.
type fieldNames struct {
	goName, json, form, query, param string
	flat                             bool
}

// pick returns the name the client used for the field, given the body
// kind: a route parameter wins, since it overrides the body.
func (n fieldNames) pick(kind bodyKind) string {
	switch {
	case n.param != "":
		return n.param
	case kind == bodyJSON && n.json != "":
		return n.json
	case n.form != "":
		return n.form
	case n.query != "":
		return n.query
	case n.json != "":
		return n.json
	}
	return n.goName
}

// bindInfo is the cached binding metadata of a struct type.
type bindInfo struct {
	fields []bindField
	names  map[string]fieldNames // by Go path, such as "Address.City"
}

// bindInfos caches *bindInfo by reflect.Type, so tags are read once per
// type rather than on every request.
var bindInfos sync.Map

func bindInfoFor(t reflect.Type) *bindInfo {
	if bi, ok := bindInfos.Load(t); ok {
		return bi.(*bindInfo)
	}
	bi := &bindInfo{names: map[string]fieldNames{}}
	bi.walk(t, nil, "", map[reflect.Type]bool{})
	bi.walkNames(t, "", map[reflect.Type]bool{})
	actual, _ := bindInfos.LoadOrStore(t, bi)
	return actual.(*bindInfo)
}

// tagName returns the name part of a struct tag such as `json:"name,omitempty"`.
func tagName(f reflect.StructField, key string) string {
	name, _, _ := strings.Cut(f.Tag.Get(key), ",")
	return name
}

// namesOf works out the names of a struct field in each source. A field
// is read from forms under its form tag, else its json name; a field with
// only query or param tags is not read from forms; "-" excludes a source.
func namesOf(f reflect.StructField) fieldNames {
	n := fieldNames{goName: f.Name, query: tagName(f, "query"), param: tagName(f, "param")}
	if n.query == "-" {
		n.query = ""
	}
	if n.param == "-" {
		n.param = ""
	}
	j := tagName(f, "json")
	switch j {
	case "-":
	case "":
		n.json = f.Name
	default:
		n.json = j
	}
	switch form := tagName(f, "form"); {
	case form == "-":
	case form != "":
		n.form = form
	case j == "-":
	case j != "":
		n.form = j
	case n.query == "" && n.param == "":
		n.form = f.Name
	}
	return n
}

// promoted reports whether an embedded field's fields are promoted into
// the parent, as encoding/json does for an untagged embedded struct.
func promoted(f reflect.StructField) bool {
	if !f.Anonymous || f.Tag.Get("json") != "" || f.Tag.Get("form") != "" {
		return false
	}
	t := f.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && decoderFor(f.Type) == nil
}

// walk collects the leaves of struct type t. visiting guards against
// recursive types, whose recursion is not followed.
func (bi *bindInfo) walk(t reflect.Type, index []int, formPrefix string, visiting map[reflect.Type]bool) {
	if visiting[t] {
		return
	}
	visiting[t] = true
	defer delete(visiting, t)
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		idx := append(index[:len(index):len(index)], i)
		if promoted(f) {
			// A nil pointer to an unexported embedded struct cannot be
			// allocated through reflection; encoding/json skips it too.
			if f.IsExported() || f.Type.Kind() != reflect.Pointer {
				bi.walk(indirectType(f.Type), idx, formPrefix, visiting)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		n := namesOf(f)
		form := ""
		if n.form != "" {
			form = formPrefix + n.form
		}
		if isUploadType(f.Type) {
			if form != "" {
				bi.fields = append(bi.fields, bindField{index: idx, form: form, upload: true})
			}
			continue
		}
		if dec := decoderFor(f.Type); dec != nil {
			if form != "" || n.query != "" || n.param != "" {
				bi.fields = append(bi.fields, bindField{index: idx, form: form, query: n.query, param: n.param, decode: dec})
			}
			continue
		}
		if st := indirectType(f.Type); st.Kind() == reflect.Struct && form != "" {
			bi.walk(st, idx, form+".", visiting)
		}
	}
}

// walkNames records the names of every field reachable through structs,
// pointers, slices, arrays and maps, for naming validation errors.
func (bi *bindInfo) walkNames(t reflect.Type, goPrefix string, visiting map[reflect.Type]bool) {
	t = elemStruct(t)
	if t == nil || visiting[t] {
		return
	}
	visiting[t] = true
	defer delete(visiting, t)
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		path := goPrefix + f.Name
		if promoted(f) {
			bi.names[path] = fieldNames{goName: f.Name, flat: true}
		} else {
			bi.names[path] = namesOf(f)
		}
		bi.walkNames(f.Type, path+".", visiting)
	}
}

// elemStruct returns the struct type behind pointers, slices, arrays and
// maps, or nil.
func elemStruct(t reflect.Type) reflect.Type {
	for {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			return t
		default:
			return nil
		}
	}
}

func indirectType(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

// clientName turns a validator StructNamespace ("Form.Items[0].Name")
// into the name the client sent ("items[0].name").
func (bi *bindInfo) clientName(ns string, kind bodyKind) string {
	_, ns, _ = strings.Cut(ns, ".") // drop the root type's name
	var out []string
	goPath := ""
	for seg := range strings.SplitSeq(ns, ".") {
		name, idx := seg, ""
		if i := strings.IndexByte(seg, '['); i >= 0 {
			name, idx = seg[:i], seg[i:]
		}
		if goPath != "" {
			goPath += "."
		}
		goPath += name
		n, ok := bi.names[goPath]
		switch {
		case !ok:
			out = append(out, seg)
		case !n.flat:
			out = append(out, n.pick(kind)+idx)
		}
	}
	return strings.Join(out, ".")
}

// fieldAt returns the field at index in root, allocating nil pointers to
// structs on the way.
func fieldAt(root reflect.Value, index []int) reflect.Value {
	v := root
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}
