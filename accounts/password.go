package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/mall-project/mall/mall"
)

// Argon2Params are the cost settings of the Argon2id password hash.
type Argon2Params struct {
	// Memory in KiB.
	Memory  uint32
	Time    uint32
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultParams are the OWASP-recommended Argon2id settings the mall hashes
// new passwords with: m=19 MiB, t=2, p=1.
var DefaultParams = Argon2Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Params are the settings used for new hashes. Only tests lower them, to
// keep suites under -race fast; stored hashes carry their own parameters,
// so changing Params never breaks existing passwords.
var Params = DefaultParams

// Password length limits, in characters. The upper bound keeps a request
// from making the server hash megabytes.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 128
)

// validatePassword adds the password rules' errors to errs under field.
func validatePassword(errs mall.FieldErrors, field, password string) {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		errs[field] = mall.Invalid(field, "accounts.error.password_too_short")
	case n > MaxPasswordLen:
		errs[field] = mall.Invalid(field, "accounts.error.password_too_long")
	}
}

// HashPassword returns the Argon2id hash of password in PHC string format:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded base64).
func HashPassword(password string) string {
	p := Params
	salt := make([]byte, p.SaltLen)
	rand.Read(salt) // never fails (Go 1.24)
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

var b64 = base64.RawStdEncoding

var errBadHash = errors.New("accounts: malformed password hash")

// decodeHash reads a PHC Argon2id string.
func decodeHash(encoded string) (p Argon2Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, errBadHash
	}
	// Refuse parameters no honest hash has: they would let a planted row
	// make the server allocate without bound.
	if p.Memory < 8 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 16 || p.Threads < 1 {
		return p, nil, nil, errBadHash
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, errBadHash
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, errBadHash
	}
	p.SaltLen, p.KeyLen = len(salt), uint32(len(key))
	return p, salt, key, nil
}

// CheckPassword reports whether password matches the PHC-encoded hash. The
// comparison takes the same time wherever the first differing byte is.
func CheckPassword(encoded, password string) (bool, error) {
	p, salt, key, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// burnPasswordCheck spends the time a real check would, for sign-ins with
// an unknown email: the answer's timing must not tell which emails exist.
func burnPasswordCheck(password string) {
	p := Params
	salt := make([]byte, p.SaltLen)
	argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}
