package payments_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/payments"
)

var staff = orders.Actor{Kind: orders.ActorStaff}

// orderOf returns the merchant's order in the checkout, with its lines.
func (f *fixture) orderOf(co *orders.Checkout, merchantID int64) *orders.Order {
	f.t.Helper()
	for _, o := range co.Orders {
		if o.MerchantID == merchantID {
			full, err := f.orders.OrderInMerchant(ctx, merchantID, o.ID)
			if err != nil {
				f.t.Fatal(err)
			}
			return full
		}
	}
	f.t.Fatalf("no order of merchant %d", merchantID)
	return nil
}

func TestRefundThroughStripeTakesTheMerchantsShareBack(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	f.accountUpdated("evt_ready", f.connect(a.merchantID), true)
	co := f.placeWithSession(a, b)
	f.mustDeliver("evt_paid", "checkout.session.completed", session(co, "paid"))
	f.runJobs()
	o := f.orderOf(f.checkout(co.ID), a.merchantID)
	if o.TransferStatus != orders.TransferTransferred {
		t.Fatalf("transfer %q before the refund", o.TransferStatus)
	}

	// One of the two kettles: 2,500 of an order of 5,500 with 550
	// commission; the mall keeps 250 of its commission back, the merchant
	// returns 2,250.
	r, err := f.pay.Refund(ctx, a.merchantID, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 1}}, Reason: "damaged", By: staff,
	})
	if err != nil {
		t.Fatalf("refund: %v", err)
	}
	if r.Status != orders.RefundSucceeded || !strings.HasPrefix(r.ProviderRefundID, "re_") || !strings.HasPrefix(r.ReversalID, "trr_") {
		t.Fatalf("refund %+v", r)
	}
	refunds := f.stripe.posts("/v1/refunds")
	if len(refunds) != 1 {
		t.Fatalf("%d refunds at Stripe", len(refunds))
	}
	paid := f.checkout(co.ID)
	if got := refunds[0].Form; got.Get("amount") != "2500" || got.Get("payment_intent") != paid.PaymentIntentID || got.Get("reverse_transfer") != "" {
		t.Errorf("refund request %v", got)
	}
	if refunds[0].IdempotencyKey != fmt.Sprintf("refund-%d", r.ID) {
		t.Errorf("refund idempotency key %q", refunds[0].IdempotencyKey)
	}
	reversals := f.stripe.posts("/v1/transfers/" + o.TransferID + "/reversals")
	if len(reversals) != 1 || reversals[0].Form.Get("amount") != "2250" || reversals[0].IdempotencyKey != fmt.Sprintf("reversal-%d", r.ID) {
		t.Fatalf("reversals %+v", reversals)
	}
	after := f.orderOf(f.checkout(co.ID), a.merchantID)
	if after.RefundedAmount != 2500 || !after.PartiallyRefunded() {
		t.Errorf("order after refund: refunded %d, status %s", after.RefundedAmount, after.Status)
	}

	// The rest, with shipping: the reversals add up to the whole transfer.
	r2, err := f.pay.Refund(ctx, a.merchantID, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 1}}, Shipping: true, Reason: "returned", By: staff,
	})
	if err != nil {
		t.Fatalf("second refund: %v", err)
	}
	reversals = f.stripe.posts("/v1/transfers/" + o.TransferID + "/reversals")
	if len(reversals) != 2 || reversals[1].Form.Get("amount") != fmt.Sprint(o.TransferAmount-2250) {
		t.Fatalf("second reversal %+v (transfer was %d)", reversals, o.TransferAmount)
	}
	if r2.Amount != 3000 {
		t.Errorf("second refund amount %d, want 3000", r2.Amount)
	}
	if final := f.orderOf(f.checkout(co.ID), a.merchantID); final.Status != orders.StatusRefunded {
		t.Errorf("fully refunded order status %s", final.Status)
	}
}

func TestRefundBeforeTheTransferNeedsNoReversal(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	f.mustDeliver("evt_paid", "checkout.session.completed", session(co, "paid"))
	f.runJobs() // held: the merchant is not connected
	o := f.orderOf(f.checkout(co.ID), a.merchantID)
	if _, err := f.pay.Refund(ctx, a.merchantID, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 1}}, By: staff,
	}); err != nil {
		t.Fatal(err)
	}
	if n := len(f.stripe.posts("/v1/transfers/")); n != 0 {
		t.Fatalf("%d reversals of a transfer never made", n)
	}
	// When the merchant can be paid, it gets the share of what is left.
	f.accountUpdated("evt_ready", f.connect(a.merchantID), true)
	f.runJobs()
	transfers := f.stripe.posts("/v1/transfers")
	if len(transfers) != 1 || transfers[0].Form.Get("amount") != fmt.Sprint(o.Total-o.CommissionAmount-2250) {
		t.Fatalf("transfer after refund %+v, want %d", transfers, o.Total-o.CommissionAmount-2250)
	}
}

func TestOfflineRefundIsRecorded(t *testing.T) {
	f := newFixture(t, false)
	a, b := f.twoShops()
	co := f.place(payments.ProviderOffline, a, b)
	o := f.orderOf(co, a.merchantID)
	if err := f.orders.ConfirmOfflinePayment(ctx, a.merchantID, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	r, err := f.pay.Refund(ctx, a.merchantID, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 2}}, Shipping: true, By: staff,
	})
	if err != nil {
		t.Fatalf("offline refund: %v", err)
	}
	if r.Status != orders.RefundSucceeded || r.ProviderRefundID != "" {
		t.Fatalf("offline refund %+v", r)
	}
	if after := f.orderOf(co, a.merchantID); after.Status != orders.StatusRefunded {
		t.Errorf("order status %s after a full refund", after.Status)
	}
}

func TestRefundRefusedByStripeReleasesTheQuantities(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	f.mustDeliver("evt_paid", "checkout.session.completed", session(co, "paid"))
	o := f.orderOf(f.checkout(co.ID), a.merchantID)

	// The same mall with Stripe unreachable.
	down := payments.New(f.db, f.orders, f.mer, nil, payments.Config{
		StripeKey: "sk_test_down", StripeURL: "http://127.0.0.1:1", WebhookSecret: webhookSecret,
	}, nil)
	_, err := down.Refund(ctx, a.merchantID, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 2}}, By: staff,
	})
	if e := mall.AsError(err); e == nil || e.Code != mall.EConflict || e.Key != "payments.error.refund_failed" {
		t.Fatalf("refund with Stripe down: %v", err)
	}
	after := f.orderOf(f.checkout(co.ID), a.merchantID)
	if after.RefundedAmount != 0 || after.Lines[0].RefundedQuantity != 0 || after.Status != orders.StatusPaid {
		t.Fatalf("after a refused refund: refunded %d, line %d, status %s", after.RefundedAmount, after.Lines[0].RefundedQuantity, after.Status)
	}
	// The quantities can be refunded for real afterwards.
	if _, err := f.pay.Refund(ctx, a.merchantID, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 2}}, By: staff,
	}); err != nil {
		t.Fatalf("refund after the failure: %v", err)
	}
}
