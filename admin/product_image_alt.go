package admin

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// productImageAlt changes the text that describes an image to shoppers
// who cannot see it. Text that is too long shows the editor again with
// the text as typed and the error beside that image.
func (h *Handler) productImageAlt(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	productID, imageID, err := h.imageOf(c)
	if err != nil {
		return err
	}
	alt := c.FormValue("alt")
	err = h.Catalog.SetImageAlt(ctx, merchantID(c), imageID, alt)
	if err == nil {
		web.Flash(c, "success", "editor.image_alt_saved")
		return web.Redirect(c, fmt.Sprintf("/admin/products/%d#product-images", productID))
	}
	fe := mall.Fields(err)
	if fe == nil || fe["alt"] == nil {
		return err
	}
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
	for i := range v.Images {
		if v.Images[i].ID == imageID {
			v.Images[i].Alt = strings.TrimSpace(alt)
		}
	}
	v.Errors = mall.FieldErrors{adminview.ImageAltField(imageID): fe["alt"]}
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.ProductForm(v))
}
