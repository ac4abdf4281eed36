package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// shippingCreate adds a shipping method (owners and managers).
func (h *Handler) shippingCreate(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	form, in, errs := h.shippingForm(c)
	if len(errs) == 0 {
		_, err := h.Orders.CreateShippingMethod(ctx, merchantID(c), in)
		if err == nil {
			web.Flash(c, "success", "admin.shipping.created")
			return web.Redirect(c, "/admin/shipping")
		}
		if !mergeFieldErrors(errs, err) {
			return err
		}
	}
	v, err := h.shippingView(c)
	if err != nil {
		return err
	}
	form.Errors = errs
	v.New = form
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Shipping(v))
}
