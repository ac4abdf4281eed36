package admin

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// orderConfirmPayment records that the money of an offline order arrived
// (bank transfer, cash): the order becomes paid and can be shipped.
func (h *Handler) orderConfirmPayment(c *fiber.Ctx) error {
	o, err := h.orderOf(c)
	if err != nil {
		return err
	}
	if err := h.Orders.ConfirmOfflinePayment(web.Ctx(c), merchantID(c), o.ID, staffActor(c)); err != nil {
		return h.orderActionFailed(c, err, nil)
	}
	web.Flash(c, "success", "admin.order.flash.payment_confirmed")
	return web.Redirect(c, fmt.Sprintf("/admin/orders/%d", o.ID))
}
