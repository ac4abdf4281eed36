package storefront

import (
	"context"
	"log/slog"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// Payments is what the checkout needs of the payment service.
type Payments interface {
	// Provider is orders.ProviderStripe or orders.ProviderOffline.
	Provider() orders.Provider
	// StartPayment returns where to send the shopper to pay ("" when the
	// shops take payment themselves).
	StartPayment(ctx context.Context, co *orders.Checkout, successURL, cancelURL string) (string, error)
}

// checkoutPost either re-prices the page for new shipping choices
// (action=update) or places the order (action=place). Placing re-checks
// everything: a total that moved since the shopper saw it, or stock that
// ran short, brings the page back with what changed and nothing placed.
func (h *Handler) checkoutPost(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	owner := cartOwner(c)
	form := readCheckoutForm(c)
	shipping := readShipping(c)
	q, err := h.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner, Shipping: shipping})
	if err != nil {
		return err
	}
	if len(q.Groups) == 0 {
		return web.Redirect(c, "/cart")
	}
	if c.FormValue("action") != "place" {
		return h.renderCheckout(c, fiber.StatusOK, checkoutPage{quote: q, form: form})
	}
	expected, err := strconv.ParseInt(c.FormValue("expected_total"), 10, 64)
	if err != nil {
		expected = -1
	}
	co, err := h.Orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: form.Email, Address: addressOf(form), Shipping: shipping,
		ExpectedTotal: expected, Provider: h.provider(), Locale: web.VisitorOf(c).Locale.Tag(),
		ClientIP: web.ClientIP(c), DeviceToken: deviceOf(c),
	})
	if err != nil {
		return h.placeFailed(c, owner, shipping, form, expected, err)
	}
	h.rememberCheckout(c, co.PublicID)
	confirmation := "/checkout/" + co.PublicID
	if co.Provider != orders.ProviderStripe || h.Payments == nil {
		return web.Redirect(c, confirmation)
	}
	payURL, err := h.Payments.StartPayment(ctx, co, h.absURL(confirmation+"?paid=1"), h.absURL(confirmation+"/cancel"))
	if err != nil {
		// Nothing was charged: give the stock and the cart back so the
		// shopper can try again.
		slog.ErrorContext(ctx, "start payment", "checkout", co.ID, "err", err)
		if cerr := h.Orders.CancelCheckout(ctx, owner, co.PublicID); cerr != nil {
			return cerr
		}
		web.Flash(c, "error", "checkout.flash.payment_failed")
		return web.Redirect(c, "/cart")
	}
	if payURL == "" {
		return web.Redirect(c, confirmation)
	}
	return c.Redirect(payURL, fiber.StatusSeeOther)
}

// placeFailed brings the checkout page back after a refused order: 422
// with messages beside the fields for bad input, 409 with the new totals
// and what changed when prices or stock moved. What was typed is kept.
func (h *Handler) placeFailed(c *fiber.Ctx, owner orders.CartOwner, shipping map[int64]int64, form shopview.CheckoutForm, expected int64, cause error) error {
	ctx := web.Ctx(c)
	code := mall.ErrorCode(cause)
	if code != mall.EInvalid && code != mall.EConflict {
		return cause
	}
	q, err := h.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner, Shipping: shipping})
	if err != nil {
		return err
	}
	if len(q.Groups) == 0 {
		return web.Redirect(c, "/cart")
	}
	page := checkoutPage{quote: q, form: form}
	if code == mall.EInvalid {
		page.errs = map[string]string{}
		for field, e := range mall.Fields(cause) {
			if name := checkoutField(field); name != "" {
				page.errs[name] = i18n.Error(ctx, e)
			} else {
				page.problem = i18n.Error(ctx, e)
			}
		}
		if len(page.errs) == 0 && page.problem == "" {
			page.problem = i18n.Error(ctx, cause)
		}
		return h.renderCheckout(c, fiber.StatusUnprocessableEntity, page)
	}
	if e := mall.AsError(cause); e != nil && e.Key == "orders.error.total_changed" {
		page.totalWas = expected
		if page.totalWas < 0 || page.totalWas == q.Total {
			page.totalWas = 0
		}
	} else {
		page.problem = i18n.Error(ctx, cause)
	}
	return h.renderCheckout(c, fiber.StatusConflict, page)
}

// checkoutField is the form field a domain field error belongs beside
// ("" for errors about no one field: the shipping choice, the provider).
func checkoutField(field string) string {
	switch field {
	case "email":
		return shopview.FieldEmail
	case "name":
		return shopview.FieldName
	case "line1":
		return shopview.FieldLine1
	case "line2":
		return shopview.FieldLine2
	case "city":
		return shopview.FieldCity
	case "region":
		return shopview.FieldRegion
	case "postal_code":
		return shopview.FieldPostalCode
	case "country":
		return shopview.FieldCountry
	case "phone":
		return shopview.FieldPhone
	}
	return ""
}

func addressOf(f shopview.CheckoutForm) orders.Address {
	return orders.Address{
		Name: f.Name, Line1: f.Line1, Line2: f.Line2, City: f.City, Region: f.Region,
		PostalCode: f.PostalCode, Country: f.Country, Phone: f.Phone,
	}
}
