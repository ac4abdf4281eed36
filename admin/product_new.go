package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) productNew(c *fiber.Ctx) error {
	v, err := h.productFormView(c)
	if err != nil {
		return err
	}
	padVariantRows(&v, emptyVariantRows)
	return web.Render(c, fiber.StatusOK, adminview.ProductForm(v))
}
