package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// checkoutConfirmation is the page after placing a checkout (and after
// paying for it on Stripe): each shop's order and how payment goes on.
func (h *Handler) checkoutConfirmation(c *fiber.Ctx) error {
	co, err := h.checkoutFor(c)
	if err != nil {
		return err
	}
	return h.renderConfirmation(c, co, "checkout.confirmation.title")
}

func (h *Handler) renderConfirmation(c *fiber.Ctx, co *orders.Checkout, headingKey string) error {
	ctx := web.Ctx(c)
	shops := newShopNames(h)
	money := func(amount int64) mall.Money { return mall.Money{Amount: amount, Currency: co.Currency} }
	view := shopview.ConfirmationView{
		Head:       templates.Head{Title: i18n.T(ctx, headingKey), NoIndex: true},
		HeadingKey: headingKey,
		Email:      co.Email,
		Address:    addressLines(c, co.Address),
		Subtotal:   money(co.Subtotal),
		Shipping:   money(co.ShippingTotal),
		Total:      money(co.Total),
		Payment:    paymentState(co),
	}
	signedIn := web.Account(c) != nil && co.AccountID != nil && *co.AccountID == web.Account(c).ID
	for i := range co.Orders {
		o := &co.Orders[i]
		ov, err := orderView(c, shops, o)
		if err != nil {
			return err
		}
		if !signedIn {
			ov.URL = ""
		}
		if h.Reviews != nil && reportable(o) {
			if signedIn {
				ov.RewardReportURL = rewardReportPath(o.ID)
			} else if co.AccountID == nil && len(h.Secret) > 0 {
				ov.RewardReportURL = guestRewardReportPath(h.Secret, co.PublicID, o.ID)
			}
		}
		view.Orders = append(view.Orders, ov)
	}
	if co.AccountID == nil && len(h.Secret) > 0 {
		view.GuestLink = h.absURL(guestOrderPath(h.Secret, co.PublicID))
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.CheckoutConfirmation(view))
}

// guestOrderPath is the signed address of a checkout's orders for a guest.
func guestOrderPath(secret []byte, publicID string) string {
	return "/orders/" + publicID + "?sig=" + orders.LinkSignature(secret, publicID)
}

// paymentState says where a checkout's payment stands.
func paymentState(co *orders.Checkout) string {
	switch co.Status {
	case orders.CheckoutPaid:
		// Once every order has moved on (shipped, delivered, refunded),
		// "payment received" is old news: the orders say where they are.
		for _, o := range co.Orders {
			if o.Status == orders.StatusPaid || o.Status == orders.StatusPendingPayment {
				return shopview.PaymentPaid
			}
		}
		return shopview.PaymentSettled
	case orders.CheckoutExpired, orders.CheckoutCancelled:
		return shopview.PaymentEnded
	}
	if co.Provider == orders.ProviderOffline {
		return shopview.PaymentOffline
	}
	return shopview.PaymentWaiting
}

// addressLines is an address as its country prints it, the country
// named in the shopper's language, then the phone.
func addressLines(c *fiber.Ctx, a orders.Address) []string {
	lines := a.Lines(web.VisitorOf(c).Locale.Tag())
	if a.Phone != "" {
		lines = append(lines, a.Phone)
	}
	return lines
}
