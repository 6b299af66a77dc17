package pylon

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// validate is the shared validator: it caches each struct type's rules on
// first use, and names fields by their form or json tag.
var validate = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		n := namesOf(f)
		if n.form != "" && n.form != f.Name {
			return n.form
		}
		if n.json != f.Name {
			return n.json
		}
		return "" // the Go name
	})
	return v
})

// Validator returns the validator that Bind and Validate use, to register
// custom rules (RegisterValidation) or struct-level checks. Register them
// before serving: the validator's registration methods are not safe to
// call while it validates. Messages for custom tags read "must satisfy
// tag=param"; wrap the error to say more.
func Validator() *validator.Validate { return validate() }

// Validate checks a filled struct (or pointer to one) against its
// `validate` tags, using github.com/go-playground/validator/v10. It
// returns nil, a *ValidationError with code 422 whose fields are named as
// the client sent them (json names for a JSON request, form names
// otherwise) with English messages, or a plain error when v is not a
// struct. Bind calls it after filling the value.
func (c *Context) Validate(v any) error {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return fmt.Errorf("pylon: Validate needs a struct or a pointer to one, got %T", v)
	}
	return c.validate(v, bindInfoFor(t), c.bodyKind(), &ValidationError{})
}

// bodyKind tells from the Content-Type which names the client used.
func (c *Context) bodyKind() bodyKind {
	mt := mediaType(c.req.Header.Get("Content-Type"))
	if mt == "application/json" || strings.HasSuffix(mt, "+json") {
		return bodyJSON
	}
	return bodyForm
}

// validate runs the validator over v and adds its findings to errs, after
// the conversion errors already there; a field reported already keeps its
// first message.
func (c *Context) validate(v any, bi *bindInfo, kind bodyKind, errs *ValidationError) error {
	converted := len(errs.Errors) > 0
	err := validate().Struct(v)
	var ves validator.ValidationErrors
	switch {
	case err == nil:
	case errors.As(err, &ves):
		for _, fe := range ves {
			errs.add(FieldError{
				Field:   bi.clientName(fe.StructNamespace(), kind),
				Message: message(fe, bi, kind),
				Tag:     fe.Tag(),
				Param:   fe.Param(),
			})
		}
	default:
		return fmt.Errorf("pylon: validating %T: %w", v, err)
	}
	if len(errs.Errors) == 0 {
		return nil
	}
	errs.Code = http.StatusUnprocessableEntity
	if converted {
		errs.Code = http.StatusBadRequest
	}
	return errs
}
