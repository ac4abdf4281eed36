package storefront

import (
	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// shopPerPage is how many products a shop's home and category pages show.
const shopPerPage = 24

func (h *Handler) shopHome(c *fiber.Ctx, m *merchants.Merchant) error {
	return h.renderCached(c, m.ID, func(*pageTag) (templ.Component, error) {
		ctx := web.Ctx(c)
		cats, err := h.categories(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		page := pageParam(c)
		products, total, err := h.Catalog.ListProducts(ctx, m.ID, catalog.ProductFilter{Status: catalog.StatusActive, Page: page, PerPage: shopPerPage})
		if err != nil {
			return nil, err
		}
		links := categoryLinks(cats)
		view := shopview.ListingView{
			Head:     h.shopHead(c, m, m.Name, ""),
			Frame:    h.shopFrame(c, m, links, 0, ""),
			Heading:  m.Name,
			Intro:    m.Description,
			Products: h.shopCards(c, m, products),
			Total:    int(total),
			Pager:    templates.Pager{Page: page, PerPage: shopPerPage, Total: int(total), URL: pageURL(shopPath(c, m, ""), c)},
		}
		view.Head.Description = m.Description
		if m.LogoPath != "" {
			view.Head.OGImage = h.mediaAbsURL(m.LogoPath)
		}
		view.Categories = view.Frame.Nav
		return shopview.ShopListing(view), nil
	})
}

// shopCards shows a merchant's products as cards linking within its
// storefront.
func (h *Handler) shopCards(c *fiber.Ctx, m *merchants.Merchant, products []catalog.Product) []shopview.ProductCard {
	out := make([]shopview.ProductCard, 0, len(products))
	for i := range products {
		out = append(out, productCard(&products[i], shopPath(c, m, "/p/"+products[i].Slug)))
	}
	return out
}

// hitCards shows search hits in a merchant's storefront.
func (h *Handler) hitCards(c *fiber.Ctx, m *merchants.Merchant, hits []catalog.ProductHit) []shopview.ProductCard {
	out := make([]shopview.ProductCard, 0, len(hits))
	for i := range hits {
		out = append(out, hitCard(&hits[i], shopPath(c, m, "/p/"+hits[i].Product.Slug), false))
	}
	return out
}

// shopCrumbs starts a breadcrumb trail at the shop's home.
func shopCrumbs(c *fiber.Ctx, m *merchants.Merchant, more ...shopview.Crumb) []shopview.Crumb {
	return append([]shopview.Crumb{{Label: m.Name, URL: shopPath(c, m, "")}}, more...)
}
