package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// shippingUpdate saves one row of the shipping methods (owners and
// managers); a rejected row is shown again as typed, with the reasons.
func (h *Handler) shippingUpdate(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx := web.Ctx(c)
	v, err := h.shippingView(c)
	if err != nil {
		return err
	}
	row := -1
	for i := range v.Rows {
		if v.Rows[i].ID == id {
			row = i
		}
	}
	// Only the shop's own methods exist here, whatever the form says.
	if row < 0 {
		return mall.NotFound("shipping method")
	}
	form, in, errs := h.shippingForm(c)
	if len(errs) == 0 {
		err := h.Orders.UpdateShippingMethod(ctx, merchantID(c), id, in)
		if err == nil {
			web.Flash(c, "success", "admin.shipping.saved")
			return web.Redirect(c, "/admin/shipping")
		}
		if !mergeFieldErrors(errs, err) {
			return err
		}
	}
	form.Errors = errs
	v.Rows[row].Form = form
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Shipping(v))
}
