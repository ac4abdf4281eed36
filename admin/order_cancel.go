package admin

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// maxReasonLength is the longest reason the orders store keeps for a
// cancellation or a refund.
const maxReasonLength = 500

// orderCancel cancels an order still awaiting payment; its stock goes back
// on sale.
func (h *Handler) orderCancel(c *fiber.Ctx) error {
	o, err := h.orderOf(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("cancel_reason"))
	if utf8.RuneCountInString(reason) > maxReasonLength {
		err = &mall.Error{Code: mall.EInvalid, Key: "admin.order.error.reason_too_long"}
	} else {
		err = h.Orders.CancelOrder(web.Ctx(c), merchantID(c), o.ID, reason, staffActor(c))
	}
	if err != nil {
		return h.orderActionFailed(c, err, func(v *adminview.OrderView) {
			v.CancelReason = reason
			for _, e := range mall.Fields(err) {
				v.Problem = i18n.Error(web.Ctx(c), e)
			}
		})
	}
	web.Flash(c, "success", "admin.order.flash.cancelled")
	return web.Redirect(c, fmt.Sprintf("/admin/orders/%d", o.ID))
}
