package storefront

import (
	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// homeProducts is how many featured and how many new products the mall's
// home shows.
const homeProducts = 8

// homeShops is how many shops the mall's home lists.
const homeShops = 48

func (h *Handler) mallHome(c *fiber.Ctx) error {
	return h.renderCached(c, mallScope, func(*pageTag) (templ.Component, error) {
		ctx := web.Ctx(c)
		shops, err := h.Merchants.OpenMerchantsAcrossMall(ctx, homeShops)
		if err != nil {
			return nil, err
		}
		view := shopview.HomeView{Head: h.mallHead(c, i18n.T(ctx, "home.title", "Name", h.Site.Name), "/")}
		view.Head.Description = i18n.T(ctx, "home.hero.lead")
		for i := range shops {
			m := &shops[i]
			card := shopview.MerchantCard{Name: m.Name, Description: m.Description, URL: mallShopPath(m.Slug, "")}
			if m.LogoPath != "" {
				card.LogoURL = media.URL(m.LogoPath, media.SizeThumb)
			}
			view.Merchants = append(view.Merchants, card)
		}
		featured, err := h.Catalog.FeaturedProductsAcrossMall(ctx, homeProducts)
		if err != nil {
			return nil, err
		}
		fresh, err := h.Catalog.NewProductsAcrossMall(ctx, homeProducts)
		if err != nil {
			return nil, err
		}
		view.Featured = mallCards(featured)
		view.New = mallCards(fresh)
		return shopview.MallHome(view), nil
	})
}

// mallCards shows products found across the mall, with their shops' names.
func mallCards(hits []catalog.ProductHit) []shopview.ProductCard {
	out := make([]shopview.ProductCard, 0, len(hits))
	for i := range hits {
		out = append(out, hitCard(&hits[i], mallShopPath(hits[i].MerchantSlug, "/p/"+hits[i].Product.Slug), true))
	}
	return out
}
