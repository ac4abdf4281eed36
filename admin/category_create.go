package admin

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) categoryCreate(c *fiber.Ctx) error {
	name := strings.TrimSpace(c.FormValue("name"))
	slug := strings.ToLower(strings.TrimSpace(c.FormValue("slug")))
	errs := mall.FieldErrors{}
	if name == "" {
		errs.Add("name", "admin.categories.error.name_required")
	}
	if slug != "" && !mall.ValidSlug(slug) {
		errs.Add("slug", "admin.product.error.slug_invalid")
	}
	if len(errs) == 0 {
		_, err := h.Catalog.CreateCategory(web.Ctx(c), merchantID(c), catalog.CategoryInput{Name: name, Slug: slug})
		if err == nil {
			web.Flash(c, "success", "admin.categories.created")
			return web.Redirect(c, "/admin/categories")
		}
		if !mergeFieldErrors(errs, err) {
			return err
		}
	}
	v, err := h.categoryView(c)
	if err != nil {
		return err
	}
	v.Name, v.Slug, v.Errors = name, c.FormValue("slug"), errs
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.CategoryList(v))
}
