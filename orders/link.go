package orders

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// LinkSignature signs a checkout's public id so a guest can open its
// orders from an emailed link (/orders/:public_id?sig=...). It is the hex
// HMAC-SHA256 of the public id under the mall's secret.
func LinkSignature(secret []byte, publicID string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("orders.link:" + publicID))
	return hex.EncodeToString(mac.Sum(nil))
}

// CheckLinkSignature reports whether sig is LinkSignature(secret,
// publicID), in constant time.
func CheckLinkSignature(secret []byte, publicID, sig string) bool {
	want := LinkSignature(secret, publicID)
	return len(secret) > 0 && hmac.Equal([]byte(want), []byte(sig))
}
