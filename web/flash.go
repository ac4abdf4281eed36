package web

import (
	"crypto/hmac"
	"encoding/base64"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates"
)

const flashCookie = "mall_flash"

// Flash sets a one-time message (an i18n key) for the next page the visitor
// sees, typically just before a 303 redirect.
func Flash(c *fiber.Ctx, kind, key string) {
	cfg := ConfigOf(c)
	payload := kind + "|" + key
	mac := base64.RawURLEncoding.EncodeToString(sign(cfg.Secret, "flash", payload))
	SetCookie(c, Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + mac, MaxAge: 5 * time.Minute})
}

func readFlash(c *fiber.Ctx, cfg Config, v *templates.Visitor) {
	raw := c.Cookies(flashCookie)
	if raw == "" || c.Method() != fiber.MethodGet {
		return
	}
	ClearCookie(c, flashCookie, "")
	enc, mac, ok := strings.Cut(raw, ".")
	if !ok {
		return
	}
	payload, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return
	}
	want := base64.RawURLEncoding.EncodeToString(sign(cfg.Secret, "flash", string(payload)))
	if !hmac.Equal([]byte(mac), []byte(want)) {
		return
	}
	kind, key, _ := strings.Cut(string(payload), "|")
	// The key is translated when the page renders, in the page's language.
	v.Flash = &templates.Flash{Kind: kind, Key: key}
}
