package payments_test

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/internal/stripetest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/payments"
)

func assertStatus(t *testing.T, f *fixture, checkoutID int64, checkout orders.CheckoutStatus, order orders.Status) *orders.Checkout {
	t.Helper()
	co := f.checkout(checkoutID)
	if co.Status != checkout {
		t.Errorf("checkout status %q, want %q", co.Status, checkout)
	}
	for _, o := range co.Orders {
		if o.Status != order {
			t.Errorf("order %s status %q, want %q", o.Number, o.Status, order)
		}
	}
	return co
}

func TestStartPaymentOfflineHasNoURL(t *testing.T) {
	f := newFixture(t, false)
	a, b := f.twoShops()
	co := f.place(payments.ProviderOffline, a, b)
	if got := f.pay.Provider(); got != payments.ProviderOffline {
		t.Fatalf("provider %q without a key", got)
	}
	url, err := f.pay.StartPayment(ctx, co, "/ok", "/cancel")
	if err != nil || url != "" {
		t.Fatalf("offline start = %q, %v; want no URL", url, err)
	}
}

func TestStartPaymentCreatesOneSessionPerCheckout(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	if !strings.HasPrefix(co.ProviderSessionID, "cs_") {
		t.Fatalf("session id %q", co.ProviderSessionID)
	}
	// Asking again (the shopper reloads) gives the stored session, not a
	// second one.
	url, err := f.pay.StartPayment(ctx, co, "/ok", "/cancel")
	if err != nil || !strings.HasPrefix(url, "https://") {
		t.Fatalf("second start = %q, %v", url, err)
	}
	if again := f.checkout(co.ID); again.ProviderSessionID != co.ProviderSessionID {
		t.Fatalf("session changed from %s to %s", co.ProviderSessionID, again.ProviderSessionID)
	}

	created := f.stripe.posts("/v1/checkout/sessions")
	if len(created) != 1 {
		t.Fatalf("%d sessions created, want 1", len(created))
	}
	c := created[0]
	want := map[string]string{
		"mode":                                "payment",
		"client_reference_id":                 co.PublicID,
		"customer_email":                      "shopper@example.com",
		"payment_intent_data[transfer_group]": co.PublicID,
		"metadata[checkout_id]":               fmt.Sprint(co.ID),
		"success_url":                         "http://mall.test/checkout/" + co.PublicID,
		"cancel_url":                          "http://mall.test/checkout/" + co.PublicID + "/cancel",
	}
	for k, v := range want {
		if got := c.Form.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if c.IdempotencyKey != fmt.Sprintf("checkout-session-%d", co.ID) {
		t.Errorf("idempotency key %q", c.IdempotencyKey)
	}
	// Two products and two shops' shipping, adding up to the total.
	var sum int64
	var names []string
	for i := 0; ; i++ {
		p := fmt.Sprintf("line_items[%d]", i)
		if c.Form.Get(p+"[quantity]") == "" {
			break
		}
		unit, _ := strconv.ParseInt(c.Form.Get(p+"[price_data][unit_amount]"), 10, 64)
		qty, _ := strconv.ParseInt(c.Form.Get(p+"[quantity]"), 10, 64)
		if cur := c.Form.Get(p + "[price_data][currency]"); cur != "usd" {
			t.Errorf("%s currency %q", p, cur)
		}
		sum += unit * qty
		names = append(names, c.Form.Get(p+"[price_data][product_data][name]"))
	}
	if len(names) != 4 || sum != co.Total {
		t.Errorf("line items %q add up to %d, want 4 items and %d", names, sum, co.Total)
	}
	if !strings.Contains(strings.Join(names, "|"), "Kettle") || !strings.Contains(strings.Join(names, "|"), "(Shop acme)") {
		t.Errorf("line item names %q lack product or shop", names)
	}
	exp, _ := strconv.ParseInt(c.Form.Get("expires_at"), 10, 64)
	if min := time.Now().Add(30 * time.Minute).Unix(); exp < min {
		t.Errorf("expires_at %d is less than 30 minutes away (%d): Stripe refuses it", exp, min)
	}
}

func TestPaidSessionMarksOrdersPaidAndQueuesTransfersOnce(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)

	f.mustDeliver("evt_paid_1", "checkout.session.completed", session(co, "paid"))
	got := assertStatus(t, f, co.ID, orders.CheckoutPaid, orders.StatusPaid)
	if got.PaymentIntentID == "" {
		t.Error("payment intent not recorded")
	}
	if n := f.count("outbox_jobs", "topic = 'checkout.paid' AND subscriber = 'payments.transfer'"); n != 1 {
		t.Errorf("%d transfer jobs, want 1", n)
	}
	if ev := f.event("evt_paid_1"); ev.Outcome != payments.OutcomePaid || ev.ProcessedAt == nil || ev.CheckoutID == nil || *ev.CheckoutID != co.ID {
		t.Errorf("stored event %+v", ev)
	}
	f.runJobs()
	for _, o := range got.Orders {
		if n := f.paidJobs(o.ID); n != 1 {
			t.Errorf("order %s: %d order.paid jobs, want 1", o.Number, n)
		}
	}
	// Neither merchant has a connected account: both shares are held.
	for _, o := range f.checkout(co.ID).Orders {
		if o.TransferStatus != orders.TransferHeld {
			t.Errorf("order %s transfer %q, want held", o.Number, o.TransferStatus)
		}
	}
}

func TestUnpaidCompletedSessionChangesNothing(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	f.mustDeliver("evt_unpaid", "checkout.session.completed", session(co, "unpaid"))
	assertStatus(t, f, co.ID, orders.CheckoutPending, orders.StatusPendingPayment)
	if ev := f.event("evt_unpaid"); ev.Outcome != payments.OutcomeAwaiting {
		t.Errorf("outcome %q", ev.Outcome)
	}
	// The bank debit clears later.
	f.mustDeliver("evt_async_ok", "checkout.session.async_payment_succeeded", session(co, "paid"))
	assertStatus(t, f, co.ID, orders.CheckoutPaid, orders.StatusPaid)
	f.runJobs()
	for _, o := range co.Orders {
		if n := f.paidJobs(o.ID); n != 1 {
			t.Errorf("order %s: %d order.paid jobs, want 1", o.Number, n)
		}
	}
}

func TestFailedOrExpiredSessionReleasesStockOnce(t *testing.T) {
	for _, eventType := range []string{"checkout.session.async_payment_failed", "checkout.session.expired"} {
		t.Run(eventType, func(t *testing.T) {
			f := newFixture(t, true)
			a, b := f.twoShops()
			co := f.placeWithSession(a, b)
			if s := f.stock(a.variantID); s != 8 {
				t.Fatalf("stock after checkout %d, want 8", s)
			}
			f.mustDeliver("evt_end_1", eventType, session(co, "unpaid"))
			assertStatus(t, f, co.ID, orders.CheckoutExpired, orders.StatusCancelled)
			if sa, sb := f.stock(a.variantID), f.stock(b.variantID); sa != 10 || sb != 10 {
				t.Fatalf("stock after release %d/%d, want 10/10", sa, sb)
			}
			// The same event again, and another event saying the same.
			f.mustDeliver("evt_end_1", eventType, session(co, "unpaid"))
			f.mustDeliver("evt_end_2", "checkout.session.expired", session(co, "unpaid"))
			if sa, sb := f.stock(a.variantID), f.stock(b.variantID); sa != 10 || sb != 10 {
				t.Fatalf("stock after replays %d/%d, want 10/10 (released once)", sa, sb)
			}
			if ev := f.event("evt_end_2"); ev.Outcome != payments.OutcomeNotExpired {
				t.Errorf("second expiry outcome %q", ev.Outcome)
			}
			// Its stock is back on sale: it cannot be paid for any more.
			if _, err := f.pay.StartPayment(ctx, f.checkout(co.ID), "/ok", "/cancel"); mall.ErrorCode(err) != mall.EConflict {
				t.Errorf("start payment of an expired checkout: %v, want EConflict", err)
			}
		})
	}
}

func TestDuplicatedAndShuffledEventsChangeStateOnce(t *testing.T) {
	type delivery struct{ id, typ, status string }
	orders3 := [][]delivery{
		// expired after completed: the paid checkout stays paid.
		{{"evt_c", "checkout.session.completed", "paid"}, {"evt_x", "checkout.session.expired", "unpaid"}},
		// completed twice (two ids) and the first replayed.
		{{"evt_c", "checkout.session.completed", "paid"}, {"evt_c2", "checkout.session.completed", "paid"}, {"evt_c", "checkout.session.completed", "paid"}},
		// async success before completed.
		{{"evt_a", "checkout.session.async_payment_succeeded", "paid"}, {"evt_c", "checkout.session.completed", "unpaid"}, {"evt_c", "checkout.session.completed", "unpaid"}},
		// async success, then completed paid, then a late expiry.
		{{"evt_a", "checkout.session.async_payment_succeeded", "paid"}, {"evt_c", "checkout.session.completed", "paid"}, {"evt_x", "checkout.session.expired", "unpaid"}, {"evt_a", "checkout.session.async_payment_succeeded", "paid"}},
	}
	for i, seq := range orders3 {
		t.Run(seq[0].typ+"-"+string(rune('a'+i)), func(t *testing.T) {
			f := newFixture(t, true)
			a, b := f.twoShops()
			co := f.placeWithSession(a, b)
			for _, d := range seq {
				f.mustDeliver(d.id, d.typ, session(co, d.status))
			}
			got := assertStatus(t, f, co.ID, orders.CheckoutPaid, orders.StatusPaid)
			if sa, sb := f.stock(a.variantID), f.stock(b.variantID); sa != 8 || sb != 9 {
				t.Errorf("stock %d/%d, want 8/9 (taken once, never given back)", sa, sb)
			}
			f.runJobs()
			for _, o := range got.Orders {
				if n := f.paidJobs(o.ID); n != 1 {
					t.Errorf("order %s: %d order.paid jobs, want exactly 1", o.Number, n)
				}
			}
			if n := f.count("outbox_jobs", "subscriber = 'payments.transfer'"); n != 1 {
				t.Errorf("%d transfer jobs, want 1", n)
			}
		})
	}
}

func TestShuffledEventsInRandomOrder(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("shuffle seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	for round := 0; round < 5; round++ {
		f := newFixture(t, true)
		a, b := f.twoShops()
		co := f.placeWithSession(a, b)
		deliveries := []struct{ id, typ, status string }{
			{"evt_1", "checkout.session.completed", "paid"},
			{"evt_1", "checkout.session.completed", "paid"},
			{"evt_2", "checkout.session.async_payment_succeeded", "paid"},
			{"evt_3", "checkout.session.expired", "unpaid"},
			{"evt_2", "checkout.session.async_payment_succeeded", "paid"},
			{"evt_4", "checkout.session.completed", "paid"},
		}
		rng.Shuffle(len(deliveries), func(i, j int) { deliveries[i], deliveries[j] = deliveries[j], deliveries[i] })
		for _, d := range deliveries {
			f.mustDeliver(d.id, d.typ, session(co, d.status))
		}
		// Whatever came first, the checkout ends paid: an expiry after the
		// payment changes nothing, and a payment after an expiry still
		// makes the orders paid (a paid order is never lost).
		got := assertStatus(t, f, co.ID, orders.CheckoutPaid, orders.StatusPaid)
		f.runJobs()
		for _, o := range got.Orders {
			if n := f.paidJobs(o.ID); n != 1 {
				t.Errorf("round %d: order %s: %d order.paid jobs, want 1", round, o.Number, n)
			}
		}
		if n := f.count("payment_events", ""); n != 4 {
			t.Errorf("round %d: %d stored events, want 4 (one per id)", round, n)
		}
		if t.Failed() {
			t.Fatalf("round %d failed with deliveries %v", round, deliveries)
		}
	}
}

func TestInvalidSignatureChangesNothing(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	payload, sig := stripetest.SignedEvent(t, "whsec_someone_else", "checkout.session.completed", session(co, "paid"))
	err := f.pay.HandleStripeWebhook(ctx, payload, sig)
	if mall.ErrorCode(err) != mall.EInvalid {
		t.Fatalf("wrong secret: %v, want EInvalid", err)
	}
	// A body changed after signing.
	payload, sig = stripetest.SignedEvent(t, webhookSecret, "checkout.session.completed", session(co, "unpaid"))
	tampered := []byte(strings.Replace(string(payload), `"unpaid"`, `"paid"`, 1))
	if err := f.pay.HandleStripeWebhook(ctx, tampered, sig); mall.ErrorCode(err) != mall.EInvalid {
		t.Fatalf("tampered body: %v, want EInvalid", err)
	}
	if err := f.pay.HandleStripeWebhook(ctx, payload, ""); mall.ErrorCode(err) != mall.EInvalid {
		t.Fatalf("no signature: %v, want EInvalid", err)
	}
	assertStatus(t, f, co.ID, orders.CheckoutPending, orders.StatusPendingPayment)
	if n := f.count("payment_events", ""); n != 0 {
		t.Errorf("%d events stored from bad deliveries", n)
	}
}

func TestUnknownTypeIsKeptAndAnswered(t *testing.T) {
	f := newFixture(t, true)
	if err := f.deliver("evt_odd", "customer.created", map[string]any{"id": "cus_1", "object": "customer"}); err != nil {
		t.Fatalf("unknown type: %v, want nil (200)", err)
	}
	ev := f.event("evt_odd")
	if ev.Outcome != payments.OutcomeUnknownType || ev.Type != "customer.created" || !strings.Contains(ev.Payload, "cus_1") {
		t.Errorf("stored %+v", ev)
	}
	if !strings.Contains(f.log.String(), "evt_odd") {
		t.Error("unknown event type not logged")
	}
}

func TestUnknownSessionIsKept(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	stranger := map[string]any{"id": "cs_test_not_ours", "object": "checkout.session", "payment_status": "paid", "amount_total": 100}
	if err := f.deliver("evt_stranger", "checkout.session.completed", stranger); err != nil {
		t.Fatalf("unknown session: %v, want nil (200)", err)
	}
	if ev := f.event("evt_stranger"); ev.Outcome != payments.OutcomeUnknownSession || ev.CheckoutID != nil {
		t.Errorf("stored %+v", ev)
	}
	if !strings.Contains(f.log.String(), "cs_test_not_ours") {
		t.Error("unknown session not logged")
	}
	assertStatus(t, f, co.ID, orders.CheckoutPending, orders.StatusPendingPayment)
	evs, err := f.pay.Events(ctx, payments.OutcomeUnknownSession, 10)
	if err != nil || len(evs) != 1 || evs[0].ID != "evt_stranger" {
		t.Fatalf("events kept for inspection: %v %v", evs, err)
	}
}

func TestDisputeIsRecordedOnTheOrders(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	f.mustDeliver("evt_paid", "checkout.session.completed", session(co, "paid"))
	paid := f.checkout(co.ID)
	f.mustDeliver("evt_dispute", "charge.dispute.created", map[string]any{
		"id": "dp_1", "object": "dispute", "amount": co.Total, "currency": "usd", "reason": "fraudulent",
		"charge": "ch_unknown_to_mall", "payment_intent": paid.PaymentIntentID, "status": "needs_response",
	})
	if n := f.count("orders", "checkout_id = ? AND disputed_at IS NOT NULL", co.ID); n != 2 {
		t.Errorf("%d of 2 orders marked disputed", n)
	}
	if ev := f.event("evt_dispute"); ev.Outcome != payments.OutcomeDispute {
		t.Errorf("outcome %q", ev.Outcome)
	}
}

func TestRefundMadeOutsideTheMallIsKept(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	f.mustDeliver("evt_paid", "checkout.session.completed", session(co, "paid"))
	paid := f.checkout(co.ID)
	f.mustDeliver("evt_refunded", "charge.refunded", map[string]any{
		"id": "ch_1", "object": "charge", "amount": co.Total, "amount_refunded": 500, "currency": "usd",
		"payment_intent": paid.PaymentIntentID, "refunded": false,
		"refunds": map[string]any{"object": "list", "data": []any{map[string]any{"id": "re_dashboard", "object": "refund", "amount": 500}}},
	})
	if ev := f.event("evt_refunded"); ev.Outcome != payments.OutcomeRefundUnknown || ev.CheckoutID == nil {
		t.Errorf("stored %+v", ev)
	}
	if !strings.Contains(f.log.String(), "did not make") {
		t.Error("a refund the mall did not make was not logged")
	}
}

func TestDisputeArrivingBeforeThePaymentIsAppliedOnceItIsPaid(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	paid := session(co, "paid")
	f.mustDeliver("evt_early_dispute", "charge.dispute.created", map[string]any{
		"id": "dp_2", "object": "dispute", "amount": co.Total, "currency": "usd", "reason": "general",
		"charge": "ch_2", "payment_intent": paid["payment_intent"], "status": "needs_response",
	})
	if ev := f.event("evt_early_dispute"); ev.Outcome != payments.OutcomeUnknownCharge {
		t.Fatalf("early dispute outcome %q", ev.Outcome)
	}
	f.mustDeliver("evt_paid", "checkout.session.completed", paid)
	if n := f.count("orders", "checkout_id = ? AND disputed_at IS NOT NULL", co.ID); n != 2 {
		t.Errorf("%d of 2 orders disputed once the payment was known", n)
	}
	if ev := f.event("evt_early_dispute"); ev.Outcome != payments.OutcomeDispute || ev.CheckoutID == nil {
		t.Errorf("early dispute after payment: %+v", ev)
	}
	// A replay of the payment does not record the dispute twice.
	f.mustDeliver("evt_paid", "checkout.session.completed", paid)
	f.mustDeliver("evt_paid_2", "checkout.session.async_payment_succeeded", paid)
	if n := f.count("order_events", "kind LIKE ?", "%dispute%"); n != 2 {
		t.Errorf("%d dispute events on the orders, want 2 (one per order)", n)
	}
}

func TestEventThatFailedIsAppliedOnStripesNextDelivery(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	// The orders cannot be written for a moment.
	if err := f.db.Exec("ALTER TABLE order_events RENAME TO order_events_away").Error; err != nil {
		t.Fatal(err)
	}
	err := f.deliver("evt_retry", "checkout.session.completed", session(co, "paid"))
	if err == nil || mall.ErrorCode(err) == mall.EInvalid {
		t.Fatalf("delivery while the orders cannot be written: %v, want an error that makes Stripe retry", err)
	}
	if ev := f.event("evt_retry"); ev.ProcessedAt != nil || ev.Outcome != payments.OutcomeFailed {
		t.Fatalf("failed event stored as %+v", ev)
	}
	assertStatus(t, f, co.ID, orders.CheckoutPending, orders.StatusPendingPayment)
	if err := f.db.Exec("ALTER TABLE order_events_away RENAME TO order_events").Error; err != nil {
		t.Fatal(err)
	}
	f.mustDeliver("evt_retry", "checkout.session.completed", session(co, "paid"))
	got := assertStatus(t, f, co.ID, orders.CheckoutPaid, orders.StatusPaid)
	if ev := f.event("evt_retry"); ev.ProcessedAt == nil || ev.Outcome != payments.OutcomePaid {
		t.Errorf("retried event stored as %+v", ev)
	}
	f.runJobs()
	for _, o := range got.Orders {
		if n := f.paidJobs(o.ID); n != 1 {
			t.Errorf("order %s: %d order.paid jobs, want 1", o.Number, n)
		}
	}
}

func TestCheckoutExpiredByTheMallClosesItsStripeSession(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	co := f.placeWithSession(a, b)
	// The mall's own time-out (no event from Stripe).
	if released, err := f.orders.ExpireCheckout(ctx, co.ID, "timeout"); err != nil || !released {
		t.Fatalf("expire: %v %v", released, err)
	}
	f.runJobs()
	closed := f.stripe.posts("/v1/checkout/sessions/" + co.ProviderSessionID + "/expire")
	if len(closed) != 1 {
		t.Fatalf("%d requests to close the session, want 1: the shopper could still pay for released stock", len(closed))
	}
	// Offline checkouts have no session to close.
	off := f.place(payments.ProviderOffline, a, b)
	if _, err := f.orders.ExpireCheckout(ctx, off.ID, "timeout"); err != nil {
		t.Fatal(err)
	}
	f.runJobs()
	if n := len(f.stripe.posts("/v1/checkout/sessions/")); n != 1 {
		t.Errorf("%d requests on sessions, want only the card checkout's expiry", n)
	}
}

func TestSessionSpeaksTheShoppersLanguage(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	owner := orders.CartOwner{Token: orders.NewCartToken()}
	for _, v := range []int64{a.variantID, b.variantID} {
		if err := f.orders.AddToCart(ctx, owner, v, 1); err != nil {
			t.Fatal(err)
		}
	}
	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	co, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: "li@example.com", Locale: "zh-Hans", Provider: payments.ProviderStripe,
		Address:       orders.Address{Name: "李雷", Line1: "人民路 1 号", City: "黄浦区", Region: "上海市", PostalCode: "200000", Country: "CN"},
		ExpectedTotal: q.Total,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.pay.StartPayment(ctx, f.checkout(co.ID), "/ok", "/cancel"); err != nil {
		t.Fatal(err)
	}
	c := f.stripe.posts("/v1/checkout/sessions")[0]
	if got := c.Form.Get("locale"); got != "zh" {
		t.Errorf("locale %q, want zh", got)
	}
	var shipping []string
	for i := 0; c.Form.Get(fmt.Sprintf("line_items[%d][quantity]", i)) != ""; i++ {
		if name := c.Form.Get(fmt.Sprintf("line_items[%d][price_data][product_data][name]", i)); strings.HasPrefix(name, "运费") {
			shipping = append(shipping, name)
		}
	}
	if len(shipping) != 2 || !strings.Contains(shipping[0], "Post") {
		t.Errorf("shipping lines %q, want two in Chinese naming the method", shipping)
	}
}
