package admin

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// productUpdate saves the product editor: fields, variants (rows left blank
// are dropped) with the image each shows, and the new images chosen.
func (h *Handler) productUpdate(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	p, err := h.productOf(c)
	if err != nil {
		return err
	}
	v, err := h.productFormView(c)
	if err != nil {
		return err
	}
	v.ID = p.ID
	v.Images = productImages(p)
	in, rows, errs := h.productForm(c, &v)
	// A row may only name a variant of this product.
	own := map[int64]bool{}
	for _, pv := range p.Variants {
		own[pv.ID] = true
	}
	for _, vin := range in.Variants {
		if vin.ID != 0 && !own[vin.ID] {
			return mall.NotFound("variant")
		}
	}
	imageOf := map[int64]bool{}
	for _, img := range p.Images {
		imageOf[img.ID] = true
	}
	for _, vin := range in.Variants {
		if vin.ImageID != 0 && !imageOf[vin.ImageID] {
			return mall.NotFound("image")
		}
	}
	imgs, refused, err := h.productUploads(ctx, c, &v)
	if err != nil {
		return err
	}
	if rework, ok := reworkProductForm(c, &v); ok {
		return renderProductForm(c, v, rework, refused)
	}
	if len(errs) == 0 && len(refused) == 0 {
		if _, err := h.Catalog.UpdateProduct(ctx, merchantID(c), p.ID, in); err == nil {
			if err := h.attachImages(c, p.ID, imgs); err != nil {
				return err
			}
			web.Flash(c, "success", "admin.product.saved")
			return web.Redirect(c, fmt.Sprintf("/admin/products/%d", p.ID))
		} else if !productErrors(errs, err, rows) {
			return err
		}
	}
	if len(errs) == 0 {
		errs = nil
	}
	return renderProductForm(c, v, errs, refused)
}
