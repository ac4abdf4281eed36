package orders_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

// setUnpaidDays gives a shop payment instructions with an unpaid window.
func (f *fixture) setUnpaidDays(merchantID int64, days int) {
	f.t.Helper()
	_, err := merchants.NewStore(f.db).SavePaymentInstructions(ctx, merchantID, merchants.PaymentInstructions{
		BankTransfer: true, BankPayee: "Acme Ltd", BankAccount: "GB82 WEST 1234 5698 7654 32", UnpaidDays: days,
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) placeAs(s *orders.Store, owner orders.CartOwner, email, ip string, provider orders.Provider) (*orders.Checkout, error) {
	f.t.Helper()
	q, err := s.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		f.t.Fatal(err)
	}
	return s.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: email, Address: address(),
		ExpectedTotal: q.Total, Provider: provider, ClientIP: ip})
}

func TestOfflineOrdersAreDueByTheirShopsWindow(t *testing.T) {
	f := newFixture(t)
	acme, av := f.shop("acme", 1000, 10)
	bolt, bv := f.shop("bolt", 500, 10)
	f.setUnpaidDays(acme, 3)
	owner := guest()
	f.add(owner, av, 2)
	f.add(owner, bv, 1)
	placed := f.clock.Now()
	co := f.mustPlace(owner, orders.ProviderOffline)
	got, _ := f.orders.Checkout(ctx, co.ID)
	for _, o := range got.Orders {
		days, remind := 3*24*time.Hour, 2*24*time.Hour
		if o.MerchantID == bolt {
			// No instructions saved: the default window.
			days, remind = 7*24*time.Hour, 6*24*time.Hour
		}
		if o.PaymentDueAt == nil || !o.PaymentDueAt.Equal(placed.Add(days)) || o.PaymentRemindAt == nil || !o.PaymentRemindAt.Equal(placed.Add(remind)) {
			t.Fatalf("order of %d due %v, reminded %v; want +%v, +%v", o.MerchantID, o.PaymentDueAt, o.PaymentRemindAt, days, remind)
		}
	}
	// A card checkout's orders have no offline due time.
	card := guest()
	f.add(card, av, 1)
	cc := f.mustPlace(card, orders.ProviderStripe)
	if c, _ := f.orders.Checkout(ctx, cc.ID); c.Orders[0].PaymentDueAt != nil {
		t.Fatalf("card order due %v", c.Orders[0].PaymentDueAt)
	}

	// Before the reminder time nothing happens.
	f.clock.Advance(2*24*time.Hour - time.Minute)
	if n, err := f.orders.RemindDueOfflineOrders(ctx); err != nil || n != 0 {
		t.Fatalf("reminded %d early, %v", n, err)
	}
	f.clock.Advance(2 * time.Minute)
	var reminded atomic.Int64
	var wg sync.WaitGroup
	for range 3 {
		s := f.newStore()
		wg.Go(func() {
			n, err := s.RemindDueOfflineOrders(ctx)
			if err != nil {
				t.Error(err)
			}
			reminded.Add(int64(n))
		})
	}
	wg.Wait()
	if reminded.Load() != 1 {
		t.Fatalf("reminded %d times, want acme's order once", reminded.Load())
	}

	// Past acme's three days, acme's order expires and gives its two back;
	// bolt's order still waits, and so does the checkout.
	f.clock.Advance(24 * time.Hour)
	if n, err := f.orders.ExpireDueOfflineOrders(ctx); err != nil || n != 1 {
		t.Fatalf("expired %d, %v; want 1", n, err)
	}
	if f.stock(av) != 10-1 || f.stock(bv) != 9 {
		t.Fatalf("stock acme %d bolt %d; want 9 (the card order's one) and 9", f.stock(av), f.stock(bv))
	}
	got, _ = f.orders.Checkout(ctx, co.ID)
	if got.Status != orders.CheckoutPending {
		t.Fatalf("checkout %s with bolt's order unpaid", got.Status)
	}
	for _, o := range got.Orders {
		if want := map[int64]orders.Status{acme: orders.StatusCancelled, bolt: orders.StatusPendingPayment}[o.MerchantID]; o.Status != want {
			t.Fatalf("order of %d is %s, want %s", o.MerchantID, o.Status, want)
		}
	}
	// The shop cannot take the money for an expired order any more.
	for _, o := range got.Orders {
		if o.MerchantID == acme {
			if err := f.orders.ConfirmOfflinePayment(ctx, acme, o.ID, staff); err == nil {
				t.Fatal("confirmed an expired order")
			}
		}
	}
	f.clock.Advance(4 * 24 * time.Hour)
	if n, err := f.orders.ExpireDueOfflineOrders(ctx); err != nil || n != 1 {
		t.Fatalf("expired %d, %v; want bolt's", n, err)
	}
	got, _ = f.orders.Checkout(ctx, co.ID)
	if got.Status != orders.CheckoutExpired || f.stock(bv) != 10 {
		t.Fatalf("checkout %s, bolt stock %d", got.Status, f.stock(bv))
	}
	// The card checkout is the card expiry's to release, not this one's.
	if n := f.count("orders", "checkout_id = ? AND status = ?", cc.ID, orders.StatusPendingPayment); n != 1 {
		t.Fatalf("card order touched")
	}
}

// TestOfflineExpiryGivesStockBackOnceAcrossInstances races the expiry on
// several instances against the shop confirming and cancelling the same
// orders: each order ends in one state and its stock comes back at most
// once, exactly when it ended cancelled.
func TestOfflineExpiryGivesStockBackOnceAcrossInstances(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 100)
	f.setUnpaidDays(acme, 1)
	var ids []int64
	for range 10 {
		owner := guest()
		f.add(owner, v, 3)
		co := f.mustPlace(owner, orders.ProviderOffline)
		ids = append(ids, co.Orders[0].ID)
	}
	if f.stock(v) != 70 {
		t.Fatalf("stock %d", f.stock(v))
	}
	f.clock.Advance(24*time.Hour + time.Second)
	var expired atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 4 {
		s := f.newStore()
		wg.Go(func() {
			<-start
			n, err := s.ExpireDueOfflineOrders(ctx)
			if err != nil {
				t.Error(err)
			}
			expired.Add(int64(n))
		})
	}
	for i, id := range ids[:4] {
		s := f.newStore()
		wg.Go(func() {
			<-start
			var err error
			if i%2 == 0 {
				err = s.ConfirmOfflinePayment(ctx, acme, id, staff)
			} else {
				err = s.CancelOrder(ctx, acme, id, "changed mind", staff)
			}
			_ = err // losing to the expiry is a conflict or nothing; the end state is checked below
		})
	}
	close(start)
	wg.Wait()
	if t.Failed() {
		return
	}
	cancelled := f.count("orders", "status = ?", orders.StatusCancelled)
	paid := f.count("orders", "status = ?", orders.StatusPaid)
	if cancelled+paid != 10 {
		t.Fatalf("%d cancelled + %d paid, want all 10 ended", cancelled, paid)
	}
	if want := 100 - 3*int(paid); f.stock(v) != want {
		t.Fatalf("stock %d with %d paid orders, want %d", f.stock(v), paid, want)
	}
	if n := f.count("order_events", "kind = 'expired'"); n != expired.Load() {
		t.Fatalf("%d expired events, %d reported", n, expired.Load())
	}
	if n := f.count("order_events", "to_status = ?", orders.StatusCancelled); n != cancelled {
		t.Fatalf("%d cancel events for %d cancelled orders", n, cancelled)
	}
	// A restart finds nothing left to do.
	if n, err := f.newStore().ExpireDueOfflineOrders(ctx); err != nil || n != 0 || f.stock(v) != 100-3*int(paid) {
		t.Fatalf("again: %d %v stock %d", n, err, f.stock(v))
	}
}

func TestUnpaidOfflineCheckoutsPerEmailAndClientAreLimited(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 100)
	s := orders.NewStore(f.db, orders.Options{})
	s.SetClock(f.clock.Now)
	var first *orders.Checkout
	for i := range orders.DefaultMaxUnpaidOffline {
		owner := guest()
		f.add(owner, v, 1)
		co, err := f.placeAs(s, owner, "ann@example.com", "203.0.113.7", orders.ProviderOffline)
		if err != nil {
			t.Fatalf("checkout %d: %v", i, err)
		}
		if first == nil {
			first = co
		}
	}
	stock := f.stock(v)
	refused := func(email, ip string) {
		t.Helper()
		owner := guest()
		f.add(owner, v, 1)
		_, err := f.placeAs(s, owner, email, ip, orders.ProviderOffline)
		if code(err) != "conflict" || key(err) != "orders.error.unpaid_limit" {
			t.Fatalf("%s from %s: %v, want the unpaid limit", email, ip, err)
		}
		if f.stock(v) != stock || len(f.cart(owner).Groups) != 1 {
			t.Fatalf("a refused checkout changed stock (%d) or the cart", f.stock(v))
		}
	}
	refused("ANN@example.com", "198.51.100.1")
	refused("bob@example.com", "203.0.113.7")

	// Another shopper elsewhere, and a card checkout, are not held back.
	other := guest()
	f.add(other, v, 1)
	if _, err := f.placeAs(s, other, "bob@example.com", "198.51.100.1", orders.ProviderOffline); err != nil {
		t.Fatal(err)
	}
	card := guest()
	f.add(card, v, 1)
	if _, err := f.placeAs(s, card, "ann@example.com", "203.0.113.7", orders.ProviderStripe); err != nil {
		t.Fatal(err)
	}
	// Once one is paid, Ann may place another.
	if err := s.ConfirmOfflinePayment(ctx, acme, first.Orders[0].ID, staff); err != nil {
		t.Fatal(err)
	}
	again := guest()
	f.add(again, v, 1)
	if _, err := f.placeAs(s, again, "ann@example.com", "203.0.113.7", orders.ProviderOffline); err != nil {
		t.Fatalf("after paying one: %v", err)
	}
}
