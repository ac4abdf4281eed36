package admin

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// orderRefund gives money back for some of an order's items and maybe
// its shipping: through Stripe for card payments,
// recorded for offline ones.
func (h *Handler) orderRefund(c *fiber.Ctx) error {
	o, err := h.orderOf(c)
	if err != nil {
		return err
	}
	form := adminview.RefundForm{
		Shipping: c.FormValue("refund_shipping") != "",
		Reason:   strings.TrimSpace(c.FormValue("reason")),
	}
	typed := map[int64]string{}
	errs := mall.FieldErrors{}
	req := orders.RefundRequest{Shipping: form.Shipping, Reason: form.Reason, By: staffActor(c)}
	for _, l := range o.Lines {
		field := "refund." + strconv.FormatInt(l.ID, 10)
		raw := strings.TrimSpace(c.FormValue(field))
		typed[l.ID] = raw
		n, err := wholeNumber(raw)
		switch {
		case err != nil:
			errs.Add(field, "admin.order.error.refund_quantity_invalid")
		case n > l.RefundableQuantity():
			errs[field] = &mall.Error{Code: mall.EInvalid, Field: field, Key: "admin.order.error.refund_too_many",
				Args: map[string]any{"Count": l.RefundableQuantity()}}
			if l.RefundableQuantity() == 0 {
				errs.Add("refund", "admin.order.error.refund_line_done")
			}
		case n > 0:
			req.Lines = append(req.Lines, orders.RefundLine{LineID: l.ID, Quantity: n})
		}
	}
	if utf8.RuneCountInString(form.Reason) > maxReasonLength {
		errs.Add("reason", "admin.order.error.reason_too_long")
	}
	if len(errs) == 0 && len(req.Lines) == 0 && !req.Shipping {
		errs.Add("refund", "admin.order.error.refund_nothing")
	}
	err = errs.Err()
	if err == nil {
		_, err = h.Payments.Refund(web.Ctx(c), merchantID(c), o.ID, req)
	}
	if err != nil {
		return h.orderActionFailed(c, err, func(v *adminview.OrderView) {
			form.Errors = refundFormErrors(mall.Fields(err))
			v.Refund = form
			for i := range v.Lines {
				v.Lines[i].RefundValue = typed[v.Lines[i].ID]
			}
		})
	}
	web.Flash(c, "success", "admin.order.flash.refunded")
	return web.Redirect(c, fmt.Sprintf("/admin/orders/%d", o.ID))
}

// refundFormErrors puts the orders store's errors about the refund as a
// whole ("lines", "shipping": someone refunded the same items a moment
// ago) at the top of the refund form; per-line and reason errors stay
// beside their fields.
func refundFormErrors(fe mall.FieldErrors) mall.FieldErrors {
	out := mall.FieldErrors{}
	for k, e := range fe {
		if k == "reason" || strings.HasPrefix(k, "refund.") {
			out[k] = e
		} else if _, ok := out["refund"]; !ok {
			out["refund"] = e
		}
	}
	return out
}
