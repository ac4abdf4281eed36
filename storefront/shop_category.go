package storefront

import (
	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) shopCategory(c *fiber.Ctx, m *merchants.Merchant) error {
	return h.renderCached(c, m.ID, func(*pageTag) (templ.Component, error) {
		ctx := web.Ctx(c)
		cats, err := h.categories(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		cat, err := h.Catalog.CategoryBySlug(ctx, m.ID, c.Params("category"))
		if err != nil {
			return nil, err
		}
		page := pageParam(c)
		products, total, err := h.Catalog.ProductsInCategory(ctx, m.ID, cat.ID, page, shopPerPage)
		if err != nil {
			return nil, err
		}
		rest := "/c/" + cat.Slug
		view := shopview.ListingView{
			Head:     h.shopHead(c, m, cat.Name+" · "+m.Name, rest),
			Frame:    h.shopFrame(c, m, categoryLinks(cats), cat.ID, ""),
			Heading:  cat.Name,
			Crumbs:   shopCrumbs(c, m, shopview.Crumb{Label: cat.Name, URL: shopPath(c, m, rest)}),
			Products: h.shopCards(c, m, products),
			Total:    int(total),
			Pager:    templates.Pager{Page: page, PerPage: shopPerPage, Total: int(total), URL: pageURL(shopPath(c, m, rest), c)},
		}
		view.Head.JSONLD = ldGraph(breadcrumbList(h, m, view.Crumbs, []string{"", rest}))
		return shopview.ShopListing(view), nil
	})
}
