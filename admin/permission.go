package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// allow lets a request through only when the staff member's role may do p
// in the shop (merchants.Authorize): a GET looks, anything else changes.
// The route table puts it on groups of routes; handlers never check roles.
func allow(p merchants.Permission) fiber.Handler {
	return func(c *fiber.Ctx) error {
		sc := shopOf(c)
		if err := merchants.Authorize(sc.Merchant, sc.Role, p, changes(c)); err != nil {
			return refuse(c, err)
		}
		return c.Next()
	}
}

// changes reports whether the request changes something (anything but a
// GET or HEAD).
func changes(c *fiber.Ctx) bool {
	return c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead
}

// refuse is the one answer to signed-in staff without the right: a 403
// page in the admin frame saying why, with the way back.
func refuse(c *fiber.Ctx, err error) error {
	msg := i18n.Error(web.Ctx(c), err)
	return web.Render(c, fiber.StatusForbidden, adminview.Refused(frameShop(c), msg))
}

// can reports whether the staff member may change what p covers now, for
// pages deciding which forms to offer.
func can(c *fiber.Ctx, p merchants.Permission) bool {
	sc := shopOf(c)
	return merchants.Authorize(sc.Merchant, sc.Role, p, true) == nil
}
