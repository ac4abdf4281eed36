package storefront

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/templates"
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
		shops, err := h.Merchants.OpenMerchantsAcrossMall(ctx, 0)
		if err != nil {
			return nil, err
		}
		selling, err := h.Catalog.MerchantsSellingAcrossMall(ctx)
		if err != nil {
			return nil, err
		}
		view := shopview.HomeView{Head: h.mallHead(c, i18n.T(ctx, "home.title", "Name", templates.SiteName(ctx)), "/")}
		view.Head.Description = i18n.T(ctx, "home.hero.lead")
		for i := range shops {
			m := &shops[i]
			if !selling[m.ID] {
				continue // nothing to buy there yet
			}
			card := shopview.MerchantCard{Name: m.Name, Description: m.Description, URL: mallShopPath(m.Slug, ""), Initial: initial(m.Name)}
			if m.LogoPath != "" {
				card.LogoURL = media.URL(m.LogoPath, media.SizeThumb)
			}
			view.Merchants = append(view.Merchants, card)
			if len(view.Merchants) == homeShops {
				break
			}
		}
		featured, err := h.Catalog.FeaturedProductsAcrossMall(ctx, homeProducts)
		if err != nil {
			return nil, err
		}
		// New leaves out what Featured already shows.
		fresh, err := h.Catalog.NewProductsAcrossMall(ctx, homeProducts+len(featured))
		if err != nil {
			return nil, err
		}
		shown := map[int64]bool{}
		for _, hit := range featured {
			shown[hit.Product.ID] = true
		}
		fresh = slices.DeleteFunc(fresh, func(hit catalog.ProductHit) bool { return shown[hit.Product.ID] })
		if len(fresh) > homeProducts {
			fresh = fresh[:homeProducts]
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

// initial is the first letter of a shop's name, shown where it has no
// logo.
func initial(name string) string {
	r, _ := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return ""
	}
	return strings.ToUpper(string(r))
}
