package reviews

import (
	"context"
	"encoding/base64"
	"strings"
)

// OptOutToken is the path token of the one-click opt-out (RFC 8058): the
// address and its OptOutSignature, so the link works without a session
// or a CSRF token and nobody can forge one for another address.
func OptOutToken(secret []byte, email string) string {
	email = normaliseEmail(email)
	return base64.RawURLEncoding.EncodeToString([]byte(email)) + "." + OptOutSignature(secret, email)
}

// ParseOptOutToken returns the address and signature in an OptOutToken,
// unchecked ("" when the token is not one).
func ParseOptOutToken(token string) (email, sig string) {
	enc, sig, ok := strings.Cut(token, ".")
	if !ok {
		return "", ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return "", ""
	}
	return string(raw), sig
}

// OptOutByToken is OptOut for an OptOutToken: a forged or damaged token
// is not found and changes nothing.
func (s *Store) OptOutByToken(ctx context.Context, secret []byte, token string) error {
	email, sig := ParseOptOutToken(token)
	return s.OptOut(ctx, secret, email, sig)
}
