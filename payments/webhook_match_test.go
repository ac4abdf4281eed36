package payments_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/mall-project/mall/internal/stripetest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/payments"
)

// A correctly signed session event pays a checkout only when it is a card
// checkout and the session paid exactly its total in its currency. Any
// other is kept for inspection, answered 200 (Stripe must not retry it)
// and changes nothing: an offline order is not marked paid for a cent.
func TestSessionEventsThatDoNotMatchTheirCheckoutChangeNothing(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()

	offline := f.place(payments.ProviderOffline, a, b)
	someoneElses := map[string]any{
		"id": "cs_test_elsewhere", "object": "checkout.session", "mode": "payment",
		"payment_status": "paid", "status": "complete", "amount_total": 1, "currency": "usd",
		"client_reference_id": offline.PublicID, "payment_intent": "pi_elsewhere",
	}
	f.mustDeliver("evt_cent", "checkout.session.completed", someoneElses)
	someoneElses["amount_total"] = offline.Total
	f.mustDeliver("evt_full", "checkout.session.completed", someoneElses)
	f.mustDeliver("evt_gone", "checkout.session.expired", someoneElses)
	co := assertStatus(t, f, offline.ID, orders.CheckoutPending, orders.StatusPendingPayment)
	if co.ProviderSessionID != "" {
		t.Errorf("the offline checkout took session %q", co.ProviderSessionID)
	}
	if sa, sb := f.stock(a.variantID), f.stock(b.variantID); sa != 8 || sb != 9 {
		t.Errorf("stock %d/%d, want 8/9: the offline checkout was released", sa, sb)
	}

	card := f.placeWithSession(a, b)
	cent := session(card, "paid")
	cent["amount_total"] = 1
	f.mustDeliver("evt_card_cent", "checkout.session.completed", cent)
	euros := session(card, "paid")
	euros["currency"] = "eur"
	f.mustDeliver("evt_card_eur", "checkout.session.async_payment_succeeded", euros)
	assertStatus(t, f, card.ID, orders.CheckoutPending, orders.StatusPendingPayment)
	if n := f.paidJobs(card.Orders[0].ID); n != 0 {
		t.Errorf("%d order.paid jobs for an unpaid order", n)
	}

	kept, err := f.pay.Events(ctx, payments.OutcomeMismatch, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, ev := range kept {
		got[ev.ID] = ev.ProcessedAt != nil && ev.Payload != ""
	}
	for _, id := range []string{"evt_cent", "evt_full", "evt_gone", "evt_card_cent", "evt_card_eur"} {
		if !got[id] {
			t.Errorf("event %s not kept as a mismatch (kept: %v)", id, got)
		}
	}

	// The real payment still pays.
	f.mustDeliver("evt_card_paid", "checkout.session.completed", session(card, "paid"))
	assertStatus(t, f, card.ID, orders.CheckoutPaid, orders.StatusPaid)
}

// signAt signs payload as Stripe would at time at.
func signAt(payload []byte, at time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: webhookSecret, Timestamp: at}).Header
}

// Events signed or created further ahead of the mall's clock than the
// tolerance are refused like a bad signature, and nothing is stored;
// within the tolerance (clocks drift) they are applied.
func TestEventsDatedAheadAreRefused(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	payload, _ := stripetest.SignedEvent(t, webhookSecret, "checkout.session.completed", session(co, "paid"))

	ahead := time.Now().Add(10 * time.Minute)
	if err := f.pay.HandleStripeWebhook(ctx, payload, signAt(payload, ahead)); mall.ErrorCode(err) != mall.EInvalid {
		t.Fatalf("signed 10 minutes ahead: %v, want EInvalid", err)
	}
	var ev map[string]any
	if err := json.Unmarshal(payload, &ev); err != nil {
		t.Fatal(err)
	}
	ev["created"] = ahead.Unix()
	created, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.pay.HandleStripeWebhook(ctx, created, signAt(created, time.Now())); mall.ErrorCode(err) != mall.EInvalid {
		t.Fatalf("created 10 minutes ahead: %v, want EInvalid", err)
	}
	if n := f.count("payment_events", ""); n != 0 {
		t.Fatalf("%d events stored from refused deliveries", n)
	}
	assertStatus(t, f, co.ID, orders.CheckoutPending, orders.StatusPendingPayment)

	if err := f.pay.HandleStripeWebhook(ctx, payload, signAt(payload, time.Now().Add(time.Minute))); err != nil {
		t.Fatalf("signed a minute ahead: %v", err)
	}
	assertStatus(t, f, co.ID, orders.CheckoutPaid, orders.StatusPaid)
}
