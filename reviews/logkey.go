package reviews

import (
	"crypto/ed25519"

	"golang.org/x/mod/sumdb/note"
)

// ed25519VerifierKey is the note verifier key for the seed of a note
// signing key.
func ed25519VerifierKey(name string, seed []byte) (string, error) {
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	return note.NewEd25519VerifierKey(name, pub)
}
