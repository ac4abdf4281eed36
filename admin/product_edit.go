package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) productEdit(c *fiber.Ctx) error {
	p, err := h.productOf(c)
	if err != nil {
		return err
	}
	v, err := h.productFormView(c)
	if err != nil {
		return err
	}
	h.fillProduct(&v, p)
	padVariantRows(&v, emptyVariantRows)
	return web.Render(c, fiber.StatusOK, adminview.ProductForm(v))
}
