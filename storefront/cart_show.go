package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) cartShow(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	cart, err := h.Orders.Cart(ctx, cartOwner(c))
	if err != nil {
		return err
	}
	web.VisitorOf(c).CartCount = cart.Count
	currency := h.cartCurrency(cart.Currency)
	view := shopview.CartView{
		Head:    templates.Head{Title: i18n.T(ctx, "cart.title"), NoIndex: true},
		Count:   cart.Count,
		Total:   mall.Money{Amount: cart.Subtotal, Currency: currency},
		MallURL: "/",
	}
	for _, g := range cart.Groups {
		group := shopview.CartGroupView{
			ShopName: g.Merchant.Name,
			ShopURL:  mallShopPath(g.Merchant.Slug, ""),
			Open:     g.Merchant.Open,
			Subtotal: mall.Money{Amount: g.Subtotal, Currency: currency},
		}
		view.Blocked = view.Blocked || !g.Merchant.Open
		for _, l := range g.Lines {
			line := cartLineView(g.Merchant.Slug, l, currency)
			view.PriceChanged = view.PriceChanged || line.WasPrice != 0
			view.Blocked = view.Blocked || !l.Available || l.Stock < l.Quantity
			group.Lines = append(group.Lines, line)
		}
		view.Groups = append(view.Groups, group)
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.CartShow(view))
}

// cartLineView is a cart line as the cart page shows it.
func cartLineView(shopSlug string, l orders.CartLine, currency string) shopview.CartLineView {
	line := shopview.CartLineView{
		ID:           l.ID,
		Title:        l.Title,
		VariantTitle: l.VariantTitle,
		URL:          mallShopPath(shopSlug, "/p/"+l.ProductSlug+"?variant="+strconv.FormatInt(l.VariantID, 10)),
		UnitPrice:    mall.Money{Amount: l.UnitPrice, Currency: currency},
		Quantity:     l.Quantity,
		Stock:        l.Stock,
		Available:    l.Available,
		Total:        mall.Money{Amount: l.Total, Currency: currency},
	}
	if l.UnitPriceSeen != l.UnitPrice {
		line.WasPrice = l.UnitPriceSeen
	}
	if l.ImageKey != "" {
		line.ImageURL = media.URL(l.ImageKey, media.SizeThumb)
	}
	return line
}

// cartCurrency is the currency a cart's sums are in: the cart's own, or
// the mall's for an empty cart.
func (h *Handler) cartCurrency(currency string) string {
	if currency == "" {
		return h.Site.Currency
	}
	return currency
}
