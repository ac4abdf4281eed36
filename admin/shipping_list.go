package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// shippingList shows the shop's shipping methods and the form for a new
// one.
func (h *Handler) shippingList(c *fiber.Ctx) error {
	v, err := h.shippingView(c)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.Shipping(v))
}
