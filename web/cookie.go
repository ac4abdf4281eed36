package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// Cookie is one of the mall's cookies.
type Cookie struct {
	Name, Value string
	// Path is "/" when empty.
	Path string
	// MaxAge is how long the browser keeps it; 0 keeps it for the session
	// of the browser.
	MaxAge time.Duration
}

// SetCookie sets a cookie the one way the mall sets every cookie: HttpOnly
// (no script of the mall reads one), SameSite=Lax, and Secure whenever the
// mall is served over TLS (SecureCookies) or this request came over https
// (directly, or as a trusted proxy says).
func SetCookie(c *fiber.Ctx, ck Cookie) {
	c.Cookie(build(c, ck, false))
}

// ClearCookie tells the browser to forget the cookie name at path ("/"
// when empty).
func ClearCookie(c *fiber.Ctx, name, path string) {
	c.Cookie(build(c, Cookie{Name: name, Path: path}, true))
}

func build(c *fiber.Ctx, ck Cookie, clear bool) *fiber.Cookie {
	if ck.Path == "" {
		ck.Path = "/"
	}
	fc := &fiber.Cookie{
		Name: ck.Name, Value: ck.Value, Path: ck.Path, HTTPOnly: true,
		Secure:   ConfigOf(c).SecureCookies || c.Protocol() == "https",
		SameSite: fiber.CookieSameSiteLaxMode,
	}
	switch {
	case clear:
		fc.Value, fc.Expires, fc.MaxAge = "", time.Unix(1, 0), -1
	case ck.MaxAge > 0:
		fc.Expires = time.Now().Add(ck.MaxAge)
	}
	return fc
}
