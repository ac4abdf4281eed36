package web

import (
	"crypto/hmac"
	"encoding/base64"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates"
)

const csrfCookie = "mall_csrf"

// CSRFField is the form field that carries the token.
const CSRFField = "_csrf"

// csrf gives every visitor a random cookie and derives the form token from
// it with the mall's secret (a signed double-submit token): no server state,
// so any instance behind the load balancer can check it. Unsafe methods must
// echo the token in the _csrf field or the X-CSRF-Token header.
func csrf(c *fiber.Ctx, cfg Config, v *templates.Visitor) error {
	seed := c.Cookies(csrfCookie)
	if len(seed) != 43 {
		seed = ""
	}
	if seed == "" {
		seed = newCSRFSeed()
		setCSRFCookie(c, cfg, seed)
	}
	v.CSRFToken = csrfToken(cfg.Secret, seed)
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return nil
	}
	sent := c.Get("X-CSRF-Token")
	if sent == "" {
		sent = bodyField(c, CSRFField)
	}
	if c.Cookies(csrfCookie) == "" || !hmac.Equal([]byte(sent), []byte(v.CSRFToken)) {
		return &mall.Error{Code: mall.EForbidden, Key: "error.csrf"}
	}
	return nil
}

// RotateCSRF gives the visitor a new CSRF seed (on sign-in and sign-out).
func RotateCSRF(c *fiber.Ctx) {
	cfg := ConfigOf(c)
	seed := newCSRFSeed()
	setCSRFCookie(c, *cfg, seed)
	VisitorOf(c).CSRFToken = csrfToken(cfg.Secret, seed)
}

func setCSRFCookie(c *fiber.Ctx, cfg Config, seed string) {
	SetCookie(c, Cookie{Name: csrfCookie, Value: seed, MaxAge: 365 * 24 * time.Hour})
}

func newCSRFSeed() string {
	return mall.NewToken(32)
}

func csrfToken(secret []byte, seed string) string {
	return base64.RawURLEncoding.EncodeToString(sign(secret, "csrf", seed))
}

// bodyField reads a field of the request's form body only (url-encoded or
// multipart), never the query string as FormValue would: a token in a URL
// ends up in logs, in the Referer of the next page and in the history.
func bodyField(c *fiber.Ctx, name string) string {
	if v := c.Context().PostArgs().Peek(name); len(v) > 0 {
		return string(v)
	}
	if form, err := c.MultipartForm(); err == nil && len(form.Value[name]) > 0 {
		return form.Value[name][0]
	}
	return ""
}
