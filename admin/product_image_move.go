package admin

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// productImageMove moves an image one place up or down among its
// product's images; the first is the one listings show.
func (h *Handler) productImageMove(c *fiber.Ctx) error {
	productID, imageID, err := h.imageOf(c)
	if err != nil {
		return err
	}
	by := 0
	switch c.FormValue("direction") {
	case "up":
		by = -1
	case "down":
		by = 1
	default:
		return mall.Invalid("direction", "catalog.error.image_move_invalid")
	}
	if err := h.Catalog.MoveImage(web.Ctx(c), merchantID(c), imageID, by); err != nil {
		return err
	}
	web.Flash(c, "success", "editor.image_moved")
	return web.Redirect(c, fmt.Sprintf("/admin/products/%d#product-images", productID))
}
