package middleware

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"html"
	"html/template"
	"net/http"
	"time"
)

// The token scheme: a signed double-submit token, masked per request.
//
// The cookie holds a random 32-byte secret. A token is the time it was
// made (8 bytes, Unix seconds) and HMAC-SHA256(key, secret || time), XORed
// with 40 random bytes that precede it, so that no two tokens are alike and
// a compressed page does not leak the token byte by byte (BREACH). The HMAC
// binds the token to the server's key: an attacker who can plant a cookie
// (from a sibling subdomain, or over plain HTTP) cannot make a token for it.
const (
	csrfSecretLen  = 32
	csrfPayloadLen = 8 + sha256.Size
	csrfTokenLen   = 2 * csrfPayloadLen
)

var (
	csrfSecretEncLen = base64.RawURLEncoding.EncodedLen(csrfSecretLen)
	csrfTokenEncLen  = base64.RawURLEncoding.EncodedLen(csrfTokenLen)
)

// readSecret decodes the client's secret from its cookie into dst.
func (c *csrf) readSecret(r *http.Request, dst *[csrfSecretLen]byte) bool {
	ck, err := r.Cookie(c.cookie.Name)
	if err != nil || len(ck.Value) != csrfSecretEncLen {
		return false
	}
	n, err := base64.RawURLEncoding.Decode(dst[:], []byte(ck.Value))
	return err == nil && n == csrfSecretLen
}

func (c *csrf) setCookie(w http.ResponseWriter, r *http.Request, secret *[csrfSecretLen]byte) {
	ck := c.cookie
	ck.Value = base64.RawURLEncoding.EncodeToString(secret[:])
	ck.Secure = isTLS(r, c.trustProto)
	http.SetCookie(w, &ck)
}

// sign returns the token payload for secret made at unix seconds.
func (c *csrf) sign(dst *[csrfPayloadLen]byte, secret []byte, unix int64) {
	binary.BigEndian.PutUint64(dst[:8], uint64(unix))
	mac := hmac.New(sha256.New, c.key)
	mac.Write(secret)
	mac.Write(dst[:8])
	mac.Sum(dst[8:8])
}

// token returns a fresh masked token for secret.
func (c *csrf) token(secret []byte, now time.Time) string {
	var payload [csrfPayloadLen]byte
	c.sign(&payload, secret, now.Unix())
	var raw [csrfTokenLen]byte
	rand.Read(raw[:csrfPayloadLen])
	for i := range payload {
		raw[csrfPayloadLen+i] = payload[i] ^ raw[i]
	}
	return base64.RawURLEncoding.EncodeToString(raw[:])
}

// verify checks token against secret: the HMAC first, in constant time,
// so that a forged token is reported as invalid and not as expired.
func (c *csrf) verify(secret []byte, token string, now time.Time) error {
	var raw [csrfTokenLen]byte
	if len(token) != csrfTokenEncLen {
		return ErrCSRFInvalidToken
	}
	if n, err := base64.RawURLEncoding.Decode(raw[:], []byte(token)); err != nil || n != csrfTokenLen {
		return ErrCSRFInvalidToken
	}
	got := raw[csrfPayloadLen:]
	for i := range got {
		got[i] ^= raw[i]
	}
	unix := int64(binary.BigEndian.Uint64(got[:8]))
	var want [csrfPayloadLen]byte
	c.sign(&want, secret, unix)
	if !hmac.Equal(got, want[:]) {
		return ErrCSRFInvalidToken
	}
	if now.Sub(time.Unix(unix, 0)) > c.maxAge {
		return ErrCSRFExpiredToken
	}
	return nil
}

// CSRFToken returns a token for r's client, to send back with an unsafe
// request: in a form field (see [CSRFField]) or, from JavaScript, in the
// X-CSRF-Token header. Each call returns a different token, all valid
// until [CSRFConfig].TokenMaxAge has passed. It returns "" if r did not
// pass through [CSRF] in a token mode.
//
// The Pylon glue puts it into template data; a handler can also write it
// into a page, for example in <meta name="csrf-token" content="...">.
func CSRFToken(r *http.Request) string {
	s, ok := r.Context().Value(csrfKey{}).(*csrfState)
	if !ok {
		return ""
	}
	return s.csrf.token(s.secret[:], time.Now())
}

// CSRFField returns a hidden form input that carries a token from
// [CSRFToken], for templates: <input type="hidden" name="csrf_token"
// value="...">. It returns "" if r did not pass through [CSRF] in a token
// mode.
func CSRFField(r *http.Request) template.HTML {
	s, ok := r.Context().Value(csrfKey{}).(*csrfState)
	if !ok {
		return ""
	}
	// The token is base64url, which needs no escaping; the name might.
	return template.HTML(`<input type="hidden" name="` + html.EscapeString(s.csrf.field) +
		`" value="` + s.csrf.token(s.secret[:], time.Now()) + `">`)
}
