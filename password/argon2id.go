package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Errors from [Verify] for hashes it cannot check.
var (
	ErrUnknownHash   = errors.New("password: hash is neither argon2id nor bcrypt")
	ErrMalformedHash = errors.New("password: malformed argon2id hash")
)

// Config holds argon2id parameters. The zero value is OWASP's
// recommendation for argon2id: 19 MiB of memory, two passes, one thread.
// Raising Memory makes each hash cost more memory and time; measure a
// login on the production machine, and aim below a second.
type Config struct {
	// Memory is the memory cost in KiB; at least 8 × Parallelism.
	// If not set, 19456 (19 MiB).
	Memory uint32

	// Iterations is the number of passes over the memory.
	// If not set, 2.
	Iterations uint32

	// Parallelism is the number of threads.
	// If not set, 1.
	Parallelism uint8

	// SaltLength is the length of the random salt, in bytes.
	// If not set, 16.
	SaltLength uint32

	// KeyLength is the length of the hash, in bytes.
	// If not set, 32.
	KeyLength uint32
}

// params is a Config with the defaults filled in.
type params struct {
	memory, iterations uint32
	parallelism        uint8
	saltLen, keyLen    uint32
}

func (c Config) params() params {
	p := params{c.Memory, c.Iterations, c.Parallelism, c.SaltLength, c.KeyLength}
	if p.memory == 0 {
		p.memory = 19456
	}
	if p.iterations == 0 {
		p.iterations = 2
	}
	if p.parallelism == 0 {
		p.parallelism = 1
	}
	if p.saltLen == 0 {
		p.saltLen = 16
	}
	if p.keyLen == 0 {
		p.keyLen = 32
	}
	return p
}

// Hash returns the argon2id hash of password with the default [Config], as
// a PHC string.
func Hash(password string) (string, error) { return Config{}.Hash(password) }

// Hash returns the argon2id hash of password with c's parameters and a
// fresh random salt, as a PHC string. It fails only if c is invalid.
// It is safe for concurrent use.
func (c Config) Hash(password string) (string, error) {
	p := c.params()
	if p.memory < 8*uint32(p.parallelism) {
		return "", fmt.Errorf("password: Memory must be at least 8 KiB per thread, %d KiB for %d threads", 8*uint32(p.parallelism), p.parallelism)
	}
	if p.saltLen < 8 || p.keyLen < 16 {
		return "", errors.New("password: SaltLength must be at least 8 and KeyLength at least 16")
	}
	salt := make([]byte, p.saltLen)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, p.iterations, p.memory, p.parallelism, p.keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.iterations, p.parallelism, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// argon2idHash is a parsed PHC string.
type argon2idHash struct {
	version   int
	p         params
	salt, key []byte
}

func parseArgon2id(s string) (*argon2idHash, error) {
	fields := strings.Split(s, "$")
	if len(fields) != 6 || fields[0] != "" || fields[1] != "argon2id" {
		return nil, ErrMalformedHash
	}
	var h argon2idHash
	v, ok := strings.CutPrefix(fields[2], "v=")
	if !ok {
		return nil, ErrMalformedHash
	}
	var err error
	if h.version, err = strconv.Atoi(v); err != nil {
		return nil, ErrMalformedHash
	}
	if h.version != argon2.Version {
		return nil, fmt.Errorf("password: argon2 version %d is not supported, only %d", h.version, argon2.Version)
	}
	for _, kv := range strings.Split(fields[3], ",") {
		name, value, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(value, 10, 32)
		if err != nil {
			return nil, ErrMalformedHash
		}
		switch name {
		case "m":
			h.p.memory = uint32(n)
		case "t":
			h.p.iterations = uint32(n)
		case "p":
			if n > 255 {
				return nil, ErrMalformedHash
			}
			h.p.parallelism = uint8(n)
		default:
			return nil, ErrMalformedHash
		}
	}
	if h.p.iterations == 0 || h.p.parallelism == 0 || h.p.memory < 8*uint32(h.p.parallelism) {
		return nil, ErrMalformedHash
	}
	b64 := base64.RawStdEncoding
	if h.salt, err = b64.DecodeString(fields[4]); err != nil || len(h.salt) < 8 {
		return nil, ErrMalformedHash
	}
	if h.key, err = b64.DecodeString(fields[5]); err != nil || len(h.key) < 4 {
		return nil, ErrMalformedHash
	}
	h.p.saltLen, h.p.keyLen = uint32(len(h.salt)), uint32(len(h.key))
	return &h, nil
}

func (h *argon2idHash) verify(password string) bool {
	key := argon2.IDKey([]byte(password), h.salt, h.p.iterations, h.p.memory, h.p.parallelism, h.p.keyLen)
	return subtle.ConstantTimeCompare(key, h.key) == 1
}
