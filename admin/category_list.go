package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) categoryList(c *fiber.Ctx) error {
	v, err := h.categoryView(c)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.CategoryList(v))
}

func (h *Handler) categoryView(c *fiber.Ctx) (adminview.CategoryListView, error) {
	v := adminview.CategoryListView{Shop: frameShop(c)}
	cats, err := h.Catalog.Categories(web.Ctx(c), merchantID(c))
	if err != nil {
		return v, err
	}
	for _, cat := range cats {
		v.Rows = append(v.Rows, adminview.CategoryRow{ID: cat.ID, Name: cat.Name, Slug: cat.Slug})
	}
	return v, nil
}
