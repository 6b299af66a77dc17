package render

import (
	"fmt"
	"html/template"
	"reflect"

	"github.com/nikolalohinski/gonja/v2/exec"
)

// jinjaFilters are the helpers also registered as filters, with the piped
// value as their first argument: {{ created|date("2006-01-02") }},
// {{ total|number }}, {{ n|pluralize("comment") }}, {{ "app.css"|asset }}.
// gonja's own filters of the same name (its truncate) are kept.
var jinjaFilters = []string{"date", "number", "pluralize", "asset"}

// jinjaGlobal adapts a Go helper to a gonja global function. Arguments are
// converted to the helper's parameter types (None becomes the zero value,
// numbers convert between kinds); a template.HTML result is marked safe,
// so autoescaping keeps it as it is; an error result fails the render.
func jinjaGlobal(name string, fn any) func(*exec.VarArgs) *exec.Value {
	v := reflect.ValueOf(fn)
	return func(va *exec.VarArgs) *exec.Value {
		args := make([]any, len(va.Args))
		for i, a := range va.Args {
			args[i] = a.Interface()
		}
		return callHelper(name, v, args)
	}
}

func jinjaFilter(name string, fn any) exec.FilterFunction {
	v := reflect.ValueOf(fn)
	return func(_ *exec.Evaluator, in *exec.Value, params *exec.VarArgs) *exec.Value {
		if in.IsError() {
			return in
		}
		args := make([]any, 0, 1+len(params.Args))
		args = append(args, in.Interface())
		for _, a := range params.Args {
			args = append(args, a.Interface())
		}
		return callHelper(name, v, args)
	}
}

func callHelper(name string, fn reflect.Value, args []any) *exec.Value {
	t := fn.Type()
	if t.Kind() != reflect.Func || t.NumOut() < 1 || t.NumOut() > 2 {
		return exec.AsValue(fmt.Errorf("render: helper %s is not a function with one or two results", name))
	}
	n := t.NumIn()
	if (!t.IsVariadic() && len(args) != n) || (t.IsVariadic() && len(args) < n-1) {
		return exec.AsValue(fmt.Errorf("render: %s takes %d arguments, got %d", name, n, len(args)))
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		pt := t.In(min(i, n-1))
		if t.IsVariadic() && i >= n-1 {
			pt = pt.Elem()
		}
		v, ok := convertArg(a, pt)
		if !ok {
			return exec.AsValue(fmt.Errorf("render: %s argument %d is %T, want %s", name, i+1, a, pt))
		}
		in[i] = v
	}
	out := fn.Call(in)
	if len(out) == 2 && !out[1].IsNil() {
		if err, ok := out[1].Interface().(error); ok {
			return exec.AsValue(err)
		}
	}
	switch r := out[0].Interface().(type) {
	case template.HTML:
		return exec.AsSafeValue(string(r))
	case *exec.Value:
		return r
	default:
		return exec.AsValue(r)
	}
}

func convertArg(a any, t reflect.Type) (reflect.Value, bool) {
	if a == nil {
		return reflect.Zero(t), true
	}
	v := reflect.ValueOf(a)
	if v.Type().AssignableTo(t) {
		return v, true
	}
	if isNumber(v.Kind()) && isNumber(t.Kind()) || v.Kind() == reflect.String && t.Kind() == reflect.String {
		return v.Convert(t), true
	}
	return reflect.Value{}, false
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}
