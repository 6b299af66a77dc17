package password

import (
	"errors"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Verify reports whether password matches hash, an argon2id PHC string or
// a bcrypt hash. It returns an error, and false, only for a hash it cannot
// check: [ErrUnknownHash], [ErrMalformedHash], or a bcrypt error. The
// comparison takes constant time. It is safe for concurrent use.
func Verify(hash, password string) (bool, error) {
	switch {
	case strings.HasPrefix(hash, "$argon2id$"):
		h, err := parseArgon2id(hash)
		if err != nil {
			return false, err
		}
		return h.verify(password), nil
	case isBcrypt(hash):
		err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
			return false, nil
		}
		return false, err
	}
	return false, ErrUnknownHash
}

func isBcrypt(hash string) bool {
	return strings.HasPrefix(hash, "$2a$") || strings.HasPrefix(hash, "$2b$") || strings.HasPrefix(hash, "$2y$")
}

// NeedsRehash reports whether hash should be replaced by a new [Hash] of
// the same password: see [Config.NeedsRehash].
func NeedsRehash(hash string) bool { return Config{}.NeedsRehash(hash) }

// NeedsRehash reports whether hash is not an argon2id hash with exactly
// c's parameters: a bcrypt hash, an argon2id hash made with other
// parameters (weaker or stronger), or one it cannot parse. Call it after a
// successful [Verify] and store a new hash when it returns true.
func (c Config) NeedsRehash(hash string) bool {
	h, err := parseArgon2id(hash)
	return err != nil || h.p != c.params()
}
