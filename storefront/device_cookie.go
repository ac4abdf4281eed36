package storefront

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// deviceCookie is a random token the browser keeps for a year. A checkout
// stores it hashed, so the review integrity signals can tell that two
// buyers paid from one browser. It says nothing else and no script reads
// it (HttpOnly, like every cookie of the mall).
const (
	deviceCookie    = "mall_device"
	deviceCookieAge = 365 * 24 * time.Hour
)

// setDeviceCookie gives a browser without one its device cookie, on its
// first visit.
func (h *Handler) setDeviceCookie(c *fiber.Ctx) error {
	if c.Cookies(deviceCookie) == "" {
		web.SetCookie(c, web.Cookie{Name: deviceCookie, Value: mall.NewToken(16), MaxAge: deviceCookieAge})
	}
	return c.Next()
}

// deviceOf is the browser's device token ("" before its first visit).
func deviceOf(c *fiber.Ctx) string {
	v := c.Cookies(deviceCookie)
	if len(v) > 64 {
		return ""
	}
	return v
}
