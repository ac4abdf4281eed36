package storefront

import (
	"github.com/gofiber/fiber/v2"
)

// orderLink is a checkout's orders at the signed address a guest gets by
// email and on the confirmation page. Without the right signature (or
// the placing account or browser) the orders do not exist.
func (h *Handler) orderLink(c *fiber.Ctx) error {
	co, err := h.checkoutFor(c)
	if err != nil {
		return err
	}
	return h.renderConfirmation(c, co, "orders_shopper.lookup_title")
}
