package admin

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/web"
)

// productCreate adds a product with its variants and the images chosen.
// Invalid input shows the form again as typed, with the images that passed
// kept for the next post; a rejected image saves nothing.
func (h *Handler) productCreate(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	v, err := h.productFormView(c)
	if err != nil {
		return err
	}
	in, rows, errs := h.productForm(c, &v)
	imgs, refused, err := h.productUploads(ctx, c, &v)
	if err != nil {
		return err
	}
	if rework, ok := reworkProductForm(c, &v); ok {
		return renderProductForm(c, v, rework, refused)
	}
	if len(errs) == 0 && len(refused) == 0 {
		p, err := h.Catalog.CreateProduct(ctx, merchantID(c), in)
		if err == nil {
			if err := h.attachImages(c, p.ID, imgs); err != nil {
				return err
			}
			web.Flash(c, "success", "admin.product.created")
			return web.Redirect(c, fmt.Sprintf("/admin/products/%d", p.ID))
		}
		if !productErrors(errs, err, rows) {
			return err
		}
	}
	if len(errs) == 0 {
		errs = nil
	}
	return renderProductForm(c, v, errs, refused)
}

// attachImage adds an uploaded image to a product, with the alt text typed
// beside it.
func (h *Handler) attachImage(c *fiber.Ctx, productID int64, img *media.Image) error {
	if img == nil {
		return nil
	}
	_, err := h.Catalog.AddImage(web.Ctx(c), merchantID(c), productID, catalog.ImageInput{
		Key: img.Key, Alt: c.FormValue("image_alt"), Width: img.Width, Height: img.Height,
	})
	return err
}
