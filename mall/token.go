package mall

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// NewToken returns n random bytes as unpadded base64url: a secret for a
// cookie or a link (sessions, guest carts, invitations).
func NewToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (Go 1.24): it crashes the program instead
	return base64.RawURLEncoding.EncodeToString(b)
}

// RandomHex returns n random bytes in hex: public ids and tokens a person
// may have to type or paste (domain verification).
func RandomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// HashToken is how the mall stores a secret token: its SHA-256 in hex, so
// a copy of the table opens nothing.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
