package password_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/argon2"

	"github.com/pylonweb/pylon/password"
)

// cheap keeps the tests fast; the defaults are tested once.
var cheap = password.Config{Memory: 64, Iterations: 1}

// bcryptHunter2 is bcrypt("hunter2", cost 4), as another system stores it.
const bcryptHunter2 = "$2a$04$t2aKRoF80Qyvj9p1ktqMcO/KYu8Q7n56k1Pf1zZJSfllXyU/TIlGy"

func TestHashAndVerify(t *testing.T) {
	hash, err := password.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q lacks the default parameters", hash)
	}
	for pw, want := range map[string]bool{
		"correct horse battery staple":  true,
		"correct horse battery staple ": false,
		"Correct horse battery staple":  false,
		"":                              false,
	} {
		ok, err := password.Verify(hash, pw)
		if err != nil || ok != want {
			t.Errorf("Verify(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	again, _ := password.Hash("correct horse battery staple")
	if again == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestPHCFormat(t *testing.T) {
	// A hash made by hand from argon2.IDKey, as another PHC implementation
	// would write it, verifies.
	salt := []byte("somesaltsomesalt")
	key := argon2.IDKey([]byte("password"), salt, 3, 64, 2, 24)
	b64 := base64.RawStdEncoding
	hash := fmt.Sprintf("$argon2id$v=19$m=64,t=3,p=2$%s$%s", b64.EncodeToString(salt), b64.EncodeToString(key))
	if ok, err := password.Verify(hash, "password"); !ok || err != nil {
		t.Errorf("Verify of a hand-made PHC string = %v, %v", ok, err)
	}

	cfg := password.Config{Memory: 64, Iterations: 3, Parallelism: 2, SaltLength: 16, KeyLength: 24}
	if cfg.NeedsRehash(hash) {
		t.Error("NeedsRehash for a hash with the config's own parameters")
	}
	mine, err := cfg.Hash("password")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(mine, "$")
	if len(parts) != 6 || parts[3] != "m=64,t=3,p=2" || len(parts[4]) != 22 || len(parts[5]) != 32 {
		t.Errorf("hash %q: want m=64,t=3,p=2, 16 bytes of salt and 24 of key, unpadded base64", mine)
	}
}

func TestNeedsRehash(t *testing.T) {
	old, _ := cheap.Hash("pw")
	stronger := password.Config{Memory: 128, Iterations: 1}
	tests := []struct {
		name string
		cfg  password.Config
		hash string
		want bool
	}{
		{"same parameters", cheap, old, false},
		{"more memory wanted", stronger, old, true},
		{"fewer iterations wanted", password.Config{Memory: 64, Iterations: 1, KeyLength: 16}, old, true},
		{"bcrypt", cheap, bcryptHunter2, true},
		{"garbage", cheap, "not a hash", true},
	}
	for _, tt := range tests {
		if got := tt.cfg.NeedsRehash(tt.hash); got != tt.want {
			t.Errorf("%s: NeedsRehash = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !password.NeedsRehash(old) {
		t.Error("a cheap hash does not need a rehash under the defaults")
	}
}

func TestVerifyBcrypt(t *testing.T) {
	for pw, want := range map[string]bool{"hunter2": true, "hunter3": false} {
		if ok, err := password.Verify(bcryptHunter2, pw); ok != want || err != nil {
			t.Errorf("Verify(bcrypt, %q) = %v, %v", pw, ok, err)
		}
	}
	if ok, err := password.Verify("$2b$10$short", "hunter2"); ok || err == nil {
		t.Errorf("a truncated bcrypt hash: %v, %v", ok, err)
	}
}

func TestVerifyBadHashes(t *testing.T) {
	good, _ := cheap.Hash("pw")
	parts := strings.Split(good, "$")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	for name, tt := range map[string]struct {
		hash string
		err  error
	}{
		"empty":             {"", password.ErrUnknownHash},
		"plain text":        {"pw", password.ErrUnknownHash},
		"argon2i":           {strings.Replace(good, "argon2id", "argon2i", 1), password.ErrUnknownHash},
		"md5 crypt":         {"$1$salt$hash", password.ErrUnknownHash},
		"too few fields":    {"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ", password.ErrMalformedHash},
		"no version":        {with(2, "19"), password.ErrMalformedHash},
		"zero iterations":   {with(3, "m=64,t=0,p=1"), password.ErrMalformedHash},
		"too little memory": {with(3, "m=8,t=1,p=4"), password.ErrMalformedHash},
		"unknown parameter": {with(3, "m=64,t=1,p=1,x=2"), password.ErrMalformedHash},
		"huge parallelism":  {with(3, "m=64000,t=1,p=256"), password.ErrMalformedHash},
		"negative memory":   {with(3, "m=-1,t=1,p=1"), password.ErrMalformedHash},
		"bad salt":          {with(4, "!!!"), password.ErrMalformedHash},
		"short salt":        {with(4, "c2FsdA"), password.ErrMalformedHash},
		"padded hash":       {with(5, parts[5]+"="), password.ErrMalformedHash},
		"empty hash":        {with(5, ""), password.ErrMalformedHash},
	} {
		ok, err := password.Verify(tt.hash, "pw")
		if ok || !errors.Is(err, tt.err) {
			t.Errorf("%s: Verify = %v, %v; want %v", name, ok, err, tt.err)
		}
	}
	if ok, err := password.Verify(with(2, "v=16"), "pw"); ok || err == nil {
		t.Errorf("argon2 version 16: %v, %v", ok, err)
	}
}

func TestHashBadConfig(t *testing.T) {
	for name, cfg := range map[string]password.Config{
		"memory below 8 KiB per thread": {Memory: 16, Parallelism: 4},
		"short salt":                    {Memory: 64, SaltLength: 4},
		"short key":                     {Memory: 64, KeyLength: 8},
	} {
		if _, err := cfg.Hash("pw"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestConcurrent(t *testing.T) {
	hash, _ := cheap.Hash("pw")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if ok, err := password.Verify(hash, "pw"); !ok || err != nil {
				t.Errorf("Verify = %v, %v", ok, err)
			}
			if _, err := cheap.Hash("pw"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
