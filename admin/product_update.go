package admin

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// productUpdate saves the product editor: fields, variants (rows left blank
// are dropped) and an optional new image.
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
	if c.FormValue("add_rows") != "" {
		padVariantRows(&v, emptyVariantRows+1)
		return web.Render(c, fiber.StatusOK, adminview.ProductForm(v))
	}
	if len(errs) == 0 {
		img, imgErr, err := h.saveUpload(ctx, c, "image")
		if err != nil {
			return err
		}
		if imgErr != nil {
			errs["image"] = imgErr
		} else {
			if _, err := h.Catalog.UpdateProduct(ctx, merchantID(c), p.ID, in); err == nil {
				if err := h.attachImage(c, p.ID, img); err != nil {
					return err
				}
				web.Flash(c, "success", "admin.product.saved")
				return web.Redirect(c, fmt.Sprintf("/admin/products/%d", p.ID))
			} else if !productErrors(errs, err, rows) {
				return err
			}
		}
	}
	v.Errors = errs
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.ProductForm(v))
}
