package password_test

import (
	"fmt"
	"strings"

	"github.com/pylonweb/pylon/password"
)

func Example() {
	// At sign-up: store the hash, never the password.
	hash, err := password.Hash("correct horse battery staple")
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$"))

	// At login.
	ok, _ := password.Verify(hash, "correct horse battery staple")
	fmt.Println(ok)
	ok, _ = password.Verify(hash, "Tr0ub4dor&3")
	fmt.Println(ok)
	// Output:
	// true
	// true
	// false
}

func ExampleNeedsRehash() {
	// A user imported from a system that used bcrypt logs in.
	stored := "$2a$04$t2aKRoF80Qyvj9p1ktqMcO/KYu8Q7n56k1Pf1zZJSfllXyU/TIlGy"
	ok, _ := password.Verify(stored, "hunter2")
	fmt.Println("verified:", ok)
	if ok && password.NeedsRehash(stored) {
		stored, _ = password.Hash("hunter2")
		// Save stored with the user.
	}
	fmt.Println("upgraded:", strings.HasPrefix(stored, "$argon2id$"), !password.NeedsRehash(stored))
	// Output:
	// verified: true
	// upgraded: true true
}

func ExampleConfig() {
	// Stronger than the defaults: RFC 9106's second recommendation.
	cfg := password.Config{Memory: 64 * 1024, Iterations: 3, Parallelism: 4}
	hash, _ := cfg.Hash("s3cret")
	fmt.Println(hash[:strings.LastIndex(hash[:strings.LastIndex(hash, "$")], "$")])
	fmt.Println(cfg.NeedsRehash(hash), password.NeedsRehash(hash))
	// Output:
	// $argon2id$v=19$m=65536,t=3,p=4
	// false true
}
