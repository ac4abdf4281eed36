package storefront_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/internal/stripetest"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/server"
)

// TestMain stops the stripe-mock the card tests start.
func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }

// withStripe is the buying mall served by an app that takes cards through
// Stripe at stripeURL.
func withStripe(t *testing.T, m *buyingMall, stripeURL string) *server.App {
	t.Helper()
	return malltest.NewAppOn(t, m.db, func(o *server.Options) {
		o.Payments = payments.Config{StripeKey: stripetest.APIKey, StripeURL: stripeURL, WebhookSecret: "whsec_storefront_test"}
	})
}

func TestCardCheckoutGoesToStripeAndBack(t *testing.T) {
	m := newBuyingMall(t)
	app := withStripe(t, m, stripetest.URL(t))
	b := malltest.NewBrowser(t, app)
	add(t, b, "/s/acme/p/steel-kettle", 2)
	add(t, b, "/s/bolt/p/desk-lamp", 1)

	p := b.Get("/checkout")
	if p.Doc.Find(`[data-testid="checkout-offline-note"]`).Length() != 0 {
		t.Error("card checkout says payment is offline")
	}
	p = place(b, p, address("ada@example.test"))
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "https://") {
		t.Fatalf("place: %d to %q, want 303 to Stripe", p.Status, p.Location)
	}
	var publicID string
	if err := m.db.Table("checkouts").Select("public_id").Scan(&publicID).Error; err != nil || publicID == "" {
		t.Fatalf("checkout not stored: %q %v", publicID, err)
	}
	confirmation := "/checkout/" + publicID

	// Back from Stripe before the webhook: waiting for the payment.
	p = b.Get(confirmation + "?paid=1")
	if p.Status != http.StatusOK {
		t.Fatalf("success page: %d", p.Status)
	}
	if got := p.Text(`[data-testid="payment-state"]`); got != i18n.Translate(i18n.English, "checkout.confirmation.waiting") {
		t.Errorf("payment state %q, want waiting", got)
	}
	if got := strings.Join(orderNumbers(p), ","); got != "ACME-1001,BOLT-1001" {
		t.Errorf("order numbers %q", got)
	}
	if p := malltest.NewBrowser(t, app).Get(confirmation + "?paid=1"); p.Status != http.StatusNotFound {
		t.Errorf("another visitor on the success page: %d, want 404", p.Status)
	}

	// The shopper pressed "back" on Stripe instead: everything returns.
	p = b.Get(confirmation + "/cancel")
	if p.Status != http.StatusSeeOther || p.Location != "/cart" {
		t.Fatalf("cancel: %d to %q", p.Status, p.Location)
	}
	if got := cartLines(t, b.Get("/cart")); got["Steel Kettle"] != 2 || got["Desk Lamp"] != 1 {
		t.Errorf("cart after cancelling %v", got)
	}
	if got := b.Get(confirmation).Text(`[data-testid="payment-state"]`); got != i18n.Translate(i18n.English, "checkout.confirmation.expired") {
		t.Errorf("cancelled checkout says %q", got)
	}
}

func TestCardCheckoutWhenStripeIsDownChargesNothingAndKeepsTheCart(t *testing.T) {
	m := newBuyingMall(t)
	app := withStripe(t, m, "http://127.0.0.1:1")
	b := malltest.NewBrowser(t, app)
	add(t, b, "/s/bolt/p/desk-lamp", 2)

	p := place(b, b.Get("/checkout"), address("ada@example.test"))
	if p.Status != http.StatusSeeOther || p.Location != "/cart" {
		t.Fatalf("place with Stripe down: %d to %q, want 303 to /cart", p.Status, p.Location)
	}
	p = b.Get("/cart")
	if got := p.Text(`[data-testid="flash"]`); got != i18n.Translate(i18n.English, "checkout.flash.payment_failed") {
		t.Errorf("message %q", got)
	}
	if got := cartLines(t, p); got["Desk Lamp"] != 2 {
		t.Errorf("cart %v, want the 2 lamps back", got)
	}
	lamp, err := app.Catalog.ProductInMerchant(t.Context(), m.bolt.ID, m.lamp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := lamp.Variants[0].Stock; got != 5 {
		t.Errorf("lamp stock %d, want 5: the failed checkout still holds some", got)
	}
	var pending int64
	if err := m.db.Table("checkouts").Where("status = ?", orders.CheckoutPending).Count(&pending).Error; err != nil {
		t.Fatal(err)
	}
	if pending != 0 {
		t.Errorf("%d checkouts left pending", pending)
	}
}
