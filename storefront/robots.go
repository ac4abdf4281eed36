package storefront

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/merchants"
)

// robots are the rules for crawlers: storefronts are open, the admin,
// the operator console, accounts and search results are not.
func robots(sitemap string) string {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	b.WriteString("Allow: /\n")
	for _, p := range []string{"/admin", "/operator", "/account", "/search", "/s/*/search", "/cart", "/checkout"} {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("\nSitemap: " + sitemap + "\n")
	return b.String()
}

func (h *Handler) mallRobots(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.SendString(robots(h.absURL("/sitemap.xml")))
}

// shopRobots answers /robots.txt at a merchant's own domain (the server
// routes it here).
func (h *Handler) shopRobots(c *fiber.Ctx, m *merchants.Merchant) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.SendString(robots(h.shopAbsURL(m, "/sitemap.xml")))
}
