package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// productArchive takes a product off the storefront; it stays in the
// admin, where it can be made active again.
func (h *Handler) productArchive(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Catalog.ArchiveProduct(web.Ctx(c), merchantID(c), id); err != nil {
		return err
	}
	web.Flash(c, "success", "admin.product.archived")
	return web.Redirect(c, "/admin/products")
}
