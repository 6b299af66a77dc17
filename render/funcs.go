package render

import (
	"errors"
	"html/template"
)

// Funcs returns Pylon's template helpers, the ones both engines register:
//
//   - url: the URL of a named route, url "article" "id" 7; a placeholder
//     that fails until the App's helper replaces it (Config.Funcs =
//     app.TemplateFuncs(), which the [Renderer] plugin passes).
//   - asset: the URL of a static file with its content hash in the name,
//     asset "css/site.css"; see [Assets]. It fails if assets is nil.
//   - csrfField: the hidden form input carrying a CSRF token; see [CSRFField].
//   - flashes: the markup of flash messages; see [FlashesHTML].
//   - date, number, pluralize, truncate: formatting; see [Date], [Number],
//     [Pluralize] and [Truncate].
//
// The map is new on every call; add to it freely.
func Funcs(assets *Assets) template.FuncMap {
	return template.FuncMap{
		"url":       missingURL,
		"asset":     assetFunc(assets),
		"csrfField": CSRFField,
		"flashes":   FlashesHTML,
		"date":      Date,
		"number":    Number,
		"pluralize": Pluralize,
		"truncate":  Truncate,
	}
}

var errNoURLHelper = errors.New(`render: the "url" helper needs the App's: set Config.Funcs to app.TemplateFuncs(), or use the Renderer plugin`)

func missingURL(name string, pairs ...any) (string, error) { return "", errNoURLHelper }

func assetFunc(a *Assets) func(name string) (string, error) {
	return func(name string) (string, error) {
		if a == nil {
			return "", errors.New(`render: the "asset" helper needs Config.Assets`)
		}
		return a.URL(name)
	}
}
