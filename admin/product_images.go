package admin

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// productImageRemove takes an image off a product.
func (h *Handler) productImageRemove(c *fiber.Ctx) error {
	productID, imageID, err := h.imageOf(c)
	if err != nil {
		return err
	}
	if err := h.Catalog.RemoveImage(web.Ctx(c), merchantID(c), imageID); err != nil {
		return err
	}
	web.Flash(c, "success", "admin.image.removed")
	return web.Redirect(c, fmt.Sprintf("/admin/products/%d", productID))
}

// imageOf reads the product and image of the path: the image must be one
// of that product's, and the product the shop's.
func (h *Handler) imageOf(c *fiber.Ctx) (productID, imageID int64, err error) {
	p, err := h.productOf(c)
	if err != nil {
		return 0, 0, err
	}
	if imageID, err = paramID(c, "imageID"); err != nil {
		return 0, 0, err
	}
	for _, img := range p.Images {
		if img.ID == imageID {
			return p.ID, imageID, nil
		}
	}
	return 0, 0, mall.NotFound("image")
}
