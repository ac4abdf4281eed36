package web

import (
	"crypto/hmac"
	"encoding/hex"

	"github.com/gofiber/fiber/v2"
)

// MAC signs parts with the mall's secret, for a value a form carries back
// that the visitor must not forge (an upload kept between two posts of a
// form). Check it with CheckMAC.
func MAC(c *fiber.Ctx, parts ...string) string {
	return hex.EncodeToString(sign(ConfigOf(c).Secret, parts...))
}

// CheckMAC reports whether mac is MAC of parts.
func CheckMAC(c *fiber.Ctx, mac string, parts ...string) bool {
	if len(ConfigOf(c).Secret) == 0 {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(MAC(c, parts...)))
}
