package admin

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// orderDeliver marks a shipped order delivered.
func (h *Handler) orderDeliver(c *fiber.Ctx) error {
	o, err := h.orderOf(c)
	if err != nil {
		return err
	}
	if err := h.Orders.MarkDelivered(web.Ctx(c), merchantID(c), o.ID, staffActor(c)); err != nil {
		return h.orderActionFailed(c, err, nil)
	}
	web.Flash(c, "success", "admin.order.flash.delivered")
	return web.Redirect(c, fmt.Sprintf("/admin/orders/%d", o.ID))
}
