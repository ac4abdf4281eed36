package orders_test

import (
	"context"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// recorder subscribes to every topic orders publishes and remembers what
// arrived.
type recorder struct {
	mu   sync.Mutex
	got  []string
	body map[string]map[string]any
}

func (r *recorder) subscribe(q *outbox.Queue) {
	for _, topic := range orders.Topics {
		q.Subscribe(topic, "test."+topic, func(_ context.Context, job outbox.Job) error {
			var payload map[string]any
			if err := job.Decode(&payload); err != nil {
				return err
			}
			r.mu.Lock()
			defer r.mu.Unlock()
			r.got = append(r.got, job.Topic+" "+job.Key)
			r.body[job.Topic+" "+job.Key] = payload
			return nil
		})
	}
}

func (r *recorder) drain(t *testing.T, q *outbox.Queue) []string {
	t.Helper()
	if _, err := q.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.got
	r.got = nil
	sort.Strings(out)
	return out
}

func TestOrdersPublishTheirEventsInTheirTransactions(t *testing.T) {
	f := newFixture(t)
	q := outbox.NewQueue(f.db, nil)
	rec := &recorder{body: map[string]map[string]any{}}
	rec.subscribe(q)
	f.orders = orders.NewStore(f.db, orders.Options{Outbox: q})
	f.orders.SetClock(f.clock.Now)
	acme, v := f.shop("acme", 1000, 10)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }

	// A refused checkout publishes nothing.
	owner := guest()
	f.add(owner, v, 1)
	if _, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "a@b.co", Address: address(),
		ExpectedTotal: 1, Provider: orders.ProviderStripe}); err == nil {
		t.Fatal("wrong total accepted")
	}
	if got := rec.drain(t, q); len(got) != 0 {
		t.Fatalf("refused checkout published %v", got)
	}

	co := f.mustPlace(owner, orders.ProviderStripe)
	o := co.Orders[0]
	if got := rec.drain(t, q); len(got) != 1 || got[0] != "checkout.placed "+id(co.ID) {
		t.Fatalf("placed: %v", got)
	}
	for range 2 {
		if _, err := f.orders.MarkCheckoutPaid(ctx, co.ID, orders.Payment{PaymentIntentID: "pi"}); err != nil {
			t.Fatal(err)
		}
	}
	got := rec.drain(t, q)
	if len(got) != 2 || got[0] != "checkout.paid "+id(co.ID) || got[1] != "order.paid "+id(o.ID) {
		t.Fatalf("paid: %v", got)
	}
	if p := rec.body["order.paid "+id(o.ID)]; p["order_id"] != float64(o.ID) || p["merchant_id"] != float64(acme) {
		t.Fatalf("order.paid payload = %v", p)
	}
	if err := f.orders.MarkShipped(ctx, acme, o.ID, "UPS", "1Z", staff); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.MarkDelivered(ctx, acme, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	if got := rec.drain(t, q); len(got) != 2 || got[0] != "order.delivered "+id(o.ID) || got[1] != "order.shipped "+id(o.ID) {
		t.Fatalf("shipped, delivered: %v", got)
	}
	ref, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.drain(t, q); len(got) != 0 {
		t.Fatalf("a pending refund published %v", got)
	}
	if err := f.orders.CompleteRefund(ctx, acme, ref.ID, "re_1", "", staff); err != nil {
		t.Fatal(err)
	}
	if got := rec.drain(t, q); len(got) != 1 || got[0] != "order.refunded "+id(ref.ID) {
		t.Fatalf("refunded: %v", got)
	}

	// Expiry and a merchant's cancellation.
	g := guest()
	f.add(g, v, 1)
	co2 := f.mustPlace(g, orders.ProviderStripe)
	rec.drain(t, q)
	if _, err := f.orders.ExpireCheckout(ctx, co2.ID, "timeout"); err != nil {
		t.Fatal(err)
	}
	if got := rec.drain(t, q); len(got) != 1 || got[0] != "checkout.expired "+id(co2.ID) {
		t.Fatalf("expired: %v", got)
	}
	g2 := guest()
	f.add(g2, v, 1)
	co3 := f.mustPlace(g2, orders.ProviderOffline)
	rec.drain(t, q)
	if err := f.orders.CancelOrder(ctx, acme, co3.Orders[0].ID, "", staff); err != nil {
		t.Fatal(err)
	}
	if got := rec.drain(t, q); len(got) != 1 || got[0] != "order.cancelled "+id(co3.Orders[0].ID) {
		t.Fatalf("cancelled: %v", got)
	}
}
