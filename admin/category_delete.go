package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// categoryDelete removes a category; its products stay, without it.
func (h *Handler) categoryDelete(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Catalog.DeleteCategory(web.Ctx(c), merchantID(c), id); err != nil {
		return err
	}
	web.Flash(c, "success", "admin.categories.deleted")
	return web.Redirect(c, "/admin/categories")
}
