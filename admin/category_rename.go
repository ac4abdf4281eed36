package admin

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) categoryRename(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	name := strings.TrimSpace(c.FormValue("name"))
	var msg string
	if name == "" {
		// Only the shop's own category is shown with the error.
		if _, err := h.Catalog.CategoryInMerchant(ctx, merchantID(c), id); err != nil {
			return err
		}
		msg = i18n.T(ctx, "admin.categories.error.name_required")
	} else if err := h.renameCategory(c, id, name); err != nil {
		e := mall.AsError(err)
		if e == nil || e.Code != mall.EInvalid {
			return err
		}
		msg = i18n.Error(ctx, e)
	} else {
		web.Flash(c, "success", "admin.categories.renamed")
		return web.Redirect(c, "/admin/categories")
	}
	v, err := h.categoryView(c)
	if err != nil {
		return err
	}
	for i := range v.Rows {
		if v.Rows[i].ID == id {
			v.Rows[i].Value, v.Rows[i].Error = name, msg
		}
	}
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.CategoryList(v))
}

// renameCategory changes a category's name and keeps its address.
func (h *Handler) renameCategory(c *fiber.Ctx, id int64, name string) error {
	ctx := web.Ctx(c)
	cat, err := h.Catalog.CategoryInMerchant(ctx, merchantID(c), id)
	if err != nil {
		return err
	}
	_, err = h.Catalog.UpdateCategory(ctx, merchantID(c), id, catalog.CategoryInput{Name: name, Slug: cat.Slug, Position: cat.Position})
	return err
}
