package mall_test

import (
	"encoding/base64"
	"testing"

	"github.com/mall-project/mall/mall"
)

// Stored hashes of sessions, invitations and guest carts were written as
// the hex SHA-256 of the token: the hash must stay exactly that.
func TestHashTokenIsHexSHA256(t *testing.T) {
	const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if got := mall.HashToken("abc"); got != abc {
		t.Fatalf("HashToken(abc) = %s, want %s", got, abc)
	}
}

func TestNewTokensAreRandomAndURLSafe(t *testing.T) {
	a, b := mall.NewToken(32), mall.NewToken(32)
	if a == b {
		t.Fatal("two tokens are equal")
	}
	raw, err := base64.RawURLEncoding.DecodeString(a)
	if err != nil || len(raw) != 32 {
		t.Fatalf("NewToken(32) = %q: %d bytes, %v", a, len(raw), err)
	}
	if h := mall.RandomHex(16); len(h) != 32 || h == mall.RandomHex(16) {
		t.Fatalf("RandomHex(16) = %q", h)
	}
}
