package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// shippingDelete removes a shipping method (owners and managers). Orders
// placed with it keep its name.
func (h *Handler) shippingDelete(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Orders.DeleteShippingMethod(web.Ctx(c), merchantID(c), id); err != nil {
		return err
	}
	web.Flash(c, "success", "admin.shipping.deleted")
	return web.Redirect(c, "/admin/shipping")
}
