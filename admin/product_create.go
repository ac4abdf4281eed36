package admin

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// productCreate adds a product with its variants and, when one is sent, its
// first image. Invalid input shows the form again as typed; a rejected
// image saves nothing.
func (h *Handler) productCreate(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	v, err := h.productFormView(c)
	if err != nil {
		return err
	}
	in, rows, errs := h.productForm(c, &v)
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
			p, err := h.Catalog.CreateProduct(ctx, merchantID(c), in)
			if err == nil {
				if err := h.attachImage(c, p.ID, img); err != nil {
					return err
				}
				web.Flash(c, "success", "admin.product.created")
				return web.Redirect(c, fmt.Sprintf("/admin/products/%d", p.ID))
			}
			if !productErrors(errs, err, rows) {
				return err
			}
		}
	}
	v.Errors = errs
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.ProductForm(v))
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
