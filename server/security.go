package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// contentSecurityPolicy is the policy of every answer: scripts, styles,
// fonts and fetches only from the mall itself, images from the mall (data:
// for inline icons, blob: for the upload preview), no plugins, no <base>,
// never framed. Pages have no inline script or style at all (the brand
// colour is a stylesheet, /theme/...), so no nonce is needed, and the
// page cache can keep one set of bytes for everyone. Forms post to the
// mall; with Stripe, the checkout and the payouts set-up are forms whose
// answer redirects to Stripe's own pages, which form-action must allow.
func contentSecurityPolicy(stripe bool) string {
	formAction := "'self'"
	if stripe {
		formAction += " https://checkout.stripe.com https://connect.stripe.com"
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data: blob:",
		"font-src 'self'",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"frame-ancestors 'none'",
		"form-action " + formAction,
	}, "; ")
}

// securityHeaders sets the headers every answer carries; HSTS only when
// the mall's base URL is https (a mall on plain http must stay reachable).
func securityHeaders(csp string, https bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		c.Set("X-Frame-Options", "DENY")
		c.Set(fiber.HeaderContentSecurityPolicy, csp)
		if https {
			c.Set(fiber.HeaderStrictTransportSecurity, "max-age=63072000")
		}
		return c.Next()
	}
}

// privatePages keeps the pages of a signed-in visitor and every admin and
// operator page out of every cache, the browser's included: they carry the
// person's own data, and after sign-out the back button must not show them.
func privatePages(c *fiber.Ctx) error {
	err := c.Next()
	p := c.Path()
	if web.Account(c) != nil || p == "/admin" || strings.HasPrefix(p, "/admin/") || p == "/operator" || strings.HasPrefix(p, "/operator/") {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
	}
	return err
}
