// Package password hashes passwords for storage and checks them at login.
//
// New hashes use argon2id (RFC 9106), the winner of the Password Hashing
// Competition and OWASP's first choice, stored as a PHC string that carries
// its own parameters and salt:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
//
// [Verify] also accepts bcrypt hashes ($2a$, $2b$, $2y$), so that users
// imported from another system can log in; [NeedsRehash] then says the
// hash should be replaced, which a login handler does while it holds the
// plain password:
//
//	ok, err := password.Verify(user.Hash, form.Password)
//	if err != nil || !ok {
//		return pylon.ErrUnauthorized
//	}
//	if password.NeedsRehash(user.Hash) {
//		user.Hash, _ = password.Hash(form.Password)
//		// save user
//	}
//
// The same applies after raising the parameters in a [Config]: old hashes
// keep verifying and are upgraded one login at a time.
package password
