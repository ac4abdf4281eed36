package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/orders"
)

func TestCardOrderIsPaidByStripeAndRefundedThroughIt(t *testing.T) {
	app := stripeApp(t)
	ctx := t.Context()
	shop := newOrdShop(t, app, "acme", 10)
	co := placeWith(t, app, orders.ProviderStripe, "Ada", "ada@example.test", map[int64]int{shop.s: 2})
	o := shop.order(t, app, co.Orders[0].ID)

	p := shop.b.Get(orderPath(o, ""))
	if !strings.Contains(p.Text(`[data-testid="order-payment"]`), "Card (Stripe)") {
		t.Errorf("payment %q", p.Text(`[data-testid="order-payment"]`))
	}
	if p.Doc.Find(`[data-testid="confirm-payment-form"]`).Length() != 0 {
		t.Error("a card order offers to confirm its payment by hand")
	}
	// Only Stripe says a card order is paid.
	if p := shop.b.Post(orderPath(o, "confirm-payment"), nil); p.Status != 409 || p.Text(`[data-testid="order-problem"]`) == "" {
		t.Errorf("confirm a card order: %d", p.Status)
	}
	if got := shop.order(t, app, o.ID); got.Status != orders.StatusPendingPayment {
		t.Fatalf("card order became %s by hand", got.Status)
	}

	if _, err := app.Orders.MarkCheckoutPaid(ctx, co.ID, orders.Payment{PaymentIntentID: "pi_mall_test", ChargeID: "ch_mall_test"}); err != nil {
		t.Fatal(err)
	}
	// The shop has no Stripe account yet: its share is held.
	if _, err := app.Outbox.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	p = shop.b.Get(orderPath(o, ""))
	if p.Text(`[data-testid="order-status"]`) != "Paid" || !strings.Contains(p.Text(`[data-testid="order-transfer"]`), "Held") {
		t.Fatalf("paid card order: %q, transfer %q", p.Text(`[data-testid="order-status"]`), p.Text(`[data-testid="order-transfer"]`))
	}
	if got := shop.b.Get("/admin/payments").Text(`[data-testid="payments-held"]`); !strings.Contains(got, "1 paid order is held") {
		t.Errorf("payments page on the held share: %q", got)
	}
	if !strings.Contains(p.Text(`[data-testid="order-timeline"]`), "by Stripe") {
		t.Errorf("timeline %q", p.Text(`[data-testid="order-timeline"]`))
	}
	p = shop.b.Post(orderPath(o, "refund"), url.Values{"refund." + itoa(o.Lines[0].ID): {"1"}, "reason": {"Wrong colour"}})
	if p.Status != 303 {
		t.Fatalf("card refund: %d %q", p.Status, p.Text(`[data-testid="order-problem"]`))
	}
	got := shop.order(t, app, o.ID)
	if got.RefundedAmount != 1250 || len(got.Refunds) != 1 || got.Refunds[0].ProviderRefundID == "" || got.Refunds[0].Status != orders.RefundSucceeded {
		t.Fatalf("after card refund: refunded %d, refunds %+v", got.RefundedAmount, got.Refunds)
	}
	if p := shop.b.Get(orderPath(o, "")); p.Text(`[data-testid="refund-amount"]`) != "$12.50" {
		t.Errorf("refund shown %q", p.Text(`[data-testid="refund-amount"]`))
	}
}
