package storefront

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// checkoutShow is the checkout page for the visitor's cart; an empty cart
// has nothing to check out and goes back to the cart.
func (h *Handler) checkoutShow(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	q, err := h.Orders.Quote(ctx, orders.QuoteRequest{Owner: cartOwner(c)})
	if err != nil {
		return err
	}
	if len(q.Groups) == 0 {
		return web.Redirect(c, "/cart")
	}
	var form shopview.CheckoutForm
	if acct := web.Account(c); acct != nil {
		form.Email = acct.Email
		form.Name = acct.Name
	}
	return h.renderCheckout(c, fiber.StatusOK, checkoutPage{quote: q, form: form})
}

// checkoutPage is what the checkout page is rendered from.
type checkoutPage struct {
	quote *orders.Quote
	form  shopview.CheckoutForm
	// errs are messages beside fields, by field name.
	errs map[string]string
	// totalWas is the total the shopper agreed to when it has changed.
	totalWas int64
	// problem is a message about why placing failed ("" for none).
	problem string
}

func (h *Handler) renderCheckout(c *fiber.Ctx, status int, p checkoutPage) error {
	ctx := web.Ctx(c)
	q := p.quote
	currency := h.cartCurrency(q.Currency)
	money := func(amount int64) mall.Money { return mall.Money{Amount: amount, Currency: currency} }
	view := shopview.CheckoutView{
		Head:           templates.Head{Title: i18n.T(ctx, "checkout.title"), NoIndex: true},
		Form:           p.form,
		Errors:         p.errs,
		Subtotal:       money(q.Subtotal),
		ShippingTotal:  money(q.ShippingTotal),
		Total:          money(q.Total),
		TotalWas:       p.totalWas,
		Problem:        p.problem,
		CanPlace:       q.CanPlace,
		Offline:        h.provider() == orders.ProviderOffline,
		SignedIn:       web.Account(c) != nil,
		Countries:      countryOptions(web.VisitorOf(c).Locale.Tag()),
		AddressFields:  addressFields(ctx, p.form, p.errs),
		AddressFormats: addressFormatsJSON(ctx),
	}
	count := 0
	for _, g := range q.Groups {
		group := shopview.CheckoutGroupView{
			MerchantID: g.Merchant.ID,
			ShopName:   g.Merchant.Name,
			ShopURL:    mallShopPath(g.Merchant.Slug, ""),
			NoShipping: g.NoShipping,
			Subtotal:   money(g.Subtotal),
			Shipping:   money(g.Shipping),
			Total:      money(g.Total),
		}
		for _, l := range g.Lines {
			count += l.Quantity
			group.Lines = append(group.Lines, shopview.CheckoutLineView{
				Title: l.Title, VariantTitle: l.VariantTitle, Quantity: l.Quantity,
				UnitPrice: money(l.UnitPrice), Total: money(l.Total),
			})
		}
		for _, m := range g.Methods {
			choice := shopview.ShippingChoice{
				ID: m.ID, Name: m.Name, Price: money(m.Price), Cost: money(m.CostFor(g.Subtotal)),
				Checked: m.ID == g.MethodID,
			}
			if m.FreeOver > 0 {
				choice.FreeOver = money(m.FreeOver)
			}
			group.Methods = append(group.Methods, choice)
		}
		view.Groups = append(view.Groups, group)
	}
	for _, ch := range q.Changes {
		change := shopview.CheckoutChange{Title: ch.Title, Kind: ch.Kind, Was: money(ch.Was), Now: money(ch.Now)}
		if ch.Kind == shopview.ChangeStock {
			change.Available = int(ch.Now)
		}
		view.Changes = append(view.Changes, change)
	}
	web.VisitorOf(c).CartCount = count
	noStore(c)
	return web.Render(c, status, shopview.CheckoutShow(view))
}

// provider is how new checkouts are paid: by card through Stripe, or
// offline when no payment service is configured.
func (h *Handler) provider() orders.Provider {
	if h.Payments == nil {
		return orders.ProviderOffline
	}
	return h.Payments.Provider()
}

// readCheckoutForm is the address and email as typed.
func readCheckoutForm(c *fiber.Ctx) shopview.CheckoutForm {
	v := func(name string) string { return strings.TrimSpace(c.FormValue(name)) }
	return shopview.CheckoutForm{
		Email:      v(shopview.FieldEmail),
		Name:       v(shopview.FieldName),
		Line1:      v(shopview.FieldLine1),
		Line2:      v(shopview.FieldLine2),
		City:       v(shopview.FieldCity),
		Region:     v(shopview.FieldRegion),
		PostalCode: v(shopview.FieldPostalCode),
		Country:    strings.ToUpper(v(shopview.FieldCountry)),
		Phone:      v(shopview.FieldPhone),
	}
}

// readShipping is the shipping method chosen for each shop
// (shipping_<merchant id> = method id).
func readShipping(c *fiber.Ctx) map[int64]int64 {
	out := map[int64]int64{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		rest, ok := strings.CutPrefix(string(k), shopview.FieldShippingPrefix)
		if !ok {
			return
		}
		merchantID, err1 := strconv.ParseInt(rest, 10, 64)
		methodID, err2 := strconv.ParseInt(string(v), 10, 64)
		if err1 == nil && err2 == nil && merchantID > 0 && methodID > 0 {
			out[merchantID] = methodID
		}
	})
	return out
}
