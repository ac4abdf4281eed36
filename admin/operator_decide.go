package admin

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) operatorApprove(c *fiber.Ctx) error {
	id, err := operatorMerchantID(c)
	if err != nil {
		return err
	}
	if err := h.Merchants.Approve(web.Ctx(c), web.Account(c).ID, id); err != nil {
		return err
	}
	web.Flash(c, "success", "operator.flash.approved")
	return web.Redirect(c, fmt.Sprintf("/operator/merchants/%d", id))
}

func (h *Handler) operatorReinstate(c *fiber.Ctx) error {
	id, err := operatorMerchantID(c)
	if err != nil {
		return err
	}
	if err := h.Merchants.Reinstate(web.Ctx(c), web.Account(c).ID, id); err != nil {
		return err
	}
	web.Flash(c, "success", "operator.flash.reinstated")
	return web.Redirect(c, fmt.Sprintf("/operator/merchants/%d", id))
}

// operatorSuspend closes a merchant's storefront; the reason is required,
// kept in the merchant's log and told to the merchant.
func (h *Handler) operatorSuspend(c *fiber.Ctx) error {
	id, err := operatorMerchantID(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	if reason == "" {
		err = mall.FieldErrors{"reason": mall.Invalid("reason", "operator.error.reason_required")}.Err()
	} else {
		err = h.Merchants.Suspend(web.Ctx(c), web.Account(c).ID, id, reason)
	}
	if err != nil {
		return h.operatorFormError(c, err, func(v *adminview.OperatorMerchantView) { v.Reason = reason })
	}
	web.Flash(c, "success", "operator.flash.suspended")
	return web.Redirect(c, fmt.Sprintf("/operator/merchants/%d", id))
}

// operatorReject turns down a pending application; the reason is
// required, kept in the merchant's log and emailed to the applicant.
func (h *Handler) operatorReject(c *fiber.Ctx) error {
	id, err := operatorMerchantID(c)
	if err != nil {
		return err
	}
	reason := strings.Clone(strings.TrimSpace(c.FormValue("reason")))
	if err := h.Merchants.Reject(web.Ctx(c), web.Account(c).ID, id, reason); err != nil {
		return h.operatorFormError(c, err, func(v *adminview.OperatorMerchantView) { v.Reason = reason })
	}
	web.Flash(c, "success", "operator.flash.rejected")
	return web.Redirect(c, fmt.Sprintf("/operator/merchants/%d", id))
}

// operatorFormError re-renders the merchant page at 422 with the form's
// input and the errors beside the fields; other errors go to the error page.
func (h *Handler) operatorFormError(c *fiber.Ctx, err error, keep func(*adminview.OperatorMerchantView)) error {
	errs := mall.Fields(err)
	if errs == nil {
		return err
	}
	view, verr := h.operatorMerchantView(c)
	if verr != nil {
		return verr
	}
	view.Errors = errs
	keep(&view)
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.OperatorMerchant(view))
}
