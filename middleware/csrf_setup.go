package middleware

import (
	"cmp"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net/http"
	"time"
)

// csrf is a configured [CSRF] middleware.
type csrf struct {
	mode         CSRFMode
	key          []byte
	origin       *http.CrossOriginProtection
	trusted      map[string]bool
	exemptMux    *http.ServeMux
	exempt       func(*http.Request) bool
	cookie       http.Cookie // the template for the cookie CSRF sets
	trustProto   bool
	field        string
	header       string
	maxAge       time.Duration
	errorHandler func(http.ResponseWriter, *http.Request, error)
}

// csrfState is what a request's context carries for [CSRFToken].
type csrfState struct {
	csrf   *csrf
	secret [csrfSecretLen]byte
}

type csrfKey struct{}

type exemptHandler struct{ _ byte }

func (*exemptHandler) ServeHTTP(http.ResponseWriter, *http.Request) {}

var exemptMark http.Handler = &exemptHandler{}

func newCSRF(cfg CSRFConfig) *csrf {
	c := &csrf{
		mode:         cfg.Mode,
		origin:       http.NewCrossOriginProtection(),
		trusted:      make(map[string]bool, len(cfg.TrustedOrigins)),
		exempt:       cfg.Exempt,
		trustProto:   cfg.TrustForwardedProto,
		field:        cmp.Or(cfg.FieldName, "csrf_token"),
		header:       cmp.Or(cfg.HeaderName, "X-CSRF-Token"),
		maxAge:       cfg.TokenMaxAge,
		errorHandler: cfg.ErrorHandler,
	}
	if c.mode < CSRFModeBoth || c.mode > CSRFModeToken {
		panic("middleware: CSRF mode is not one of CSRFModeBoth, CSRFModeOrigin, CSRFModeToken")
	}
	if c.maxAge <= 0 {
		c.maxAge = 12 * time.Hour
	}
	for _, o := range cfg.TrustedOrigins {
		if err := c.origin.AddTrustedOrigin(o); err != nil {
			panic("middleware: CSRF trusted origin: " + err.Error())
		}
		c.trusted[o] = true
	}
	if len(cfg.ExemptPatterns) > 0 {
		c.exemptMux = http.NewServeMux()
		for _, p := range cfg.ExemptPatterns {
			c.exemptMux.Handle(p, exemptMark)
		}
	}
	key := cfg.Key
	switch {
	case key == nil:
		key = make([]byte, 32)
		rand.Read(key)
	case len(key) < 32:
		panic("middleware: CSRF key must be at least 32 bytes")
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("pylon csrf token v1"))
	c.key = mac.Sum(nil)

	sameSite := cfg.CookieSameSite
	if sameSite == 0 {
		sameSite = http.SameSiteLaxMode
	}
	c.cookie = http.Cookie{
		Name:     cmp.Or(cfg.CookieName, "_csrf"),
		Path:     cmp.Or(cfg.CookiePath, "/"),
		Domain:   cfg.CookieDomain,
		MaxAge:   int(cfg.CookieMaxAge / time.Second),
		HttpOnly: true,
		SameSite: sameSite,
	}
	return c
}
