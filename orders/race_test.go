package orders_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mall-project/mall/orders"
)

// raceCheckouts places every cart at once (each at its quoted total) and
// returns how many went through. Any error but a *StockError fails the
// test: a deadlock, a timeout or a lock error would show here.
func raceCheckouts(t *testing.T, f *fixture, carts []orders.CartOwner) int {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	totals := make([]int64, len(carts))
	for i, owner := range carts {
		q, err := f.orders.Quote(c, orders.QuoteRequest{Owner: owner})
		if err != nil {
			t.Fatal(err)
		}
		totals[i] = q.Total
	}
	var ok atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, len(carts))
	for i, owner := range carts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := f.orders.PlaceCheckout(c, orders.PlaceRequest{Owner: owner, Email: "race@example.com",
				Address: address(), ExpectedTotal: totals[i], Provider: orders.ProviderStripe})
			var se *orders.StockError
			switch {
			case err == nil:
				ok.Add(1)
			case errors.As(err, &se):
			default:
				errs <- err
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("checkout failed other than by stock: %v", err)
	}
	if c.Err() != nil {
		t.Fatal("the race did not finish in time: deadlock?")
	}
	return int(ok.Load())
}

func TestTwoHundredBuyersRaceForTheLastTenUnits(t *testing.T) {
	f := newFixture(t)
	_, v := f.shop("acme", 1000, 10)
	carts := make([]orders.CartOwner, 200)
	for i := range carts {
		carts[i] = guest()
		f.add(carts[i], v, 1)
	}
	if won := raceCheckouts(t, f, carts); won != 10 {
		t.Fatalf("%d checkouts went through, want exactly 10", won)
	}
	if s := f.stock(v); s != 0 {
		t.Fatalf("stock = %d, want 0", s)
	}
	if n := f.count("orders", ""); n != 10 {
		t.Fatalf("%d orders, want 10", n)
	}
	if n := f.count("order_lines", ""); n != 10 {
		t.Fatalf("%d order lines, want 10", n)
	}
	if f.inStock(f.productOf(v)) {
		t.Fatal("the sold-out product is still marked in stock")
	}
	// The losers keep their carts; the winners' carts are empty.
	left := 0
	for _, c := range carts {
		left += f.cart(c).Count
	}
	if left != 190 {
		t.Fatalf("%d items left in carts, want 190", left)
	}
}

// Each racing cart wants 3 of the contested variant plus a line of a
// plentiful one whose id is lower, so it is taken first: a loser must
// give that back too (all or nothing), and 3 + 3 + 3 of 10 leaves 1 that
// no one can have.
func TestRaceWithSeveralUnitsAndAnotherLinePerCart(t *testing.T) {
	f := newFixture(t)
	bolt, plenty := f.shop("bolt", 100, 1000)
	_, contested := f.shop("acme", 1000, 10)
	if plenty >= contested {
		t.Fatal("fixture: the plentiful variant should have the lower id")
	}
	carts := make([]orders.CartOwner, 100)
	for i := range carts {
		carts[i] = guest()
		f.add(carts[i], contested, 3)
		f.add(carts[i], plenty, 2)
	}
	if won := raceCheckouts(t, f, carts); won != 3 {
		t.Fatalf("%d checkouts went through, want exactly 3", won)
	}
	if s := f.stock(contested); s != 1 {
		t.Fatalf("contested stock = %d, want 1", s)
	}
	if s := f.stock(plenty); s != 1000-3*2 {
		t.Fatalf("plentiful stock = %d, want %d: losers kept what they took", s, 1000-3*2)
	}
	if n := f.count("orders", "merchant_id = ?", bolt); n != 3 {
		t.Fatalf("%d bolt orders, want 3", n)
	}
}

// Half the carts hold A then B, half B then A (in the order lines were
// added). Rows are locked in variant id order whatever the cart's order,
// so no deadlock, and no oversell of either.
func TestCartsTouchingTheSameVariantsInOppositeOrders(t *testing.T) {
	f := newFixture(t)
	_, a := f.shop("acme", 1000, 30)
	_, b := f.shop("bolt", 500, 30)
	carts := make([]orders.CartOwner, 120)
	for i := range carts {
		carts[i] = guest()
		first, second := a, b
		if i%2 == 1 {
			first, second = b, a
		}
		f.add(carts[i], first, 1)
		f.add(carts[i], second, 1)
	}
	if won := raceCheckouts(t, f, carts); won != 30 {
		t.Fatalf("%d checkouts went through, want exactly 30", won)
	}
	if f.stock(a) != 0 || f.stock(b) != 0 {
		t.Fatalf("stock = %d, %d; want 0, 0", f.stock(a), f.stock(b))
	}
	// Orders are numbered without gaps or twins per merchant.
	var seqs []int64
	if err := f.db.Raw(`SELECT seq FROM orders o JOIN merchants m ON m.id = o.merchant_id WHERE m.slug = 'acme' ORDER BY seq`).Scan(&seqs).Error; err != nil {
		t.Fatal(err)
	}
	for i, s := range seqs {
		if s != int64(1001+i) {
			t.Fatalf("acme seqs = %v", seqs)
		}
	}
}

func TestExpiryReleasesStockExactlyOnce(t *testing.T) {
	f := newFixture(t)
	_, v := f.shop("acme", 1000, 10)
	owner := guest()
	f.add(owner, v, 3)
	co := f.mustPlace(owner, orders.ProviderStripe)
	if f.stock(v) != 7 {
		t.Fatalf("stock after checkout = %d", f.stock(v))
	}
	var released atomic.Int64
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := f.orders.ExpireCheckout(ctx, co.ID, "timeout")
			if err != nil {
				t.Error(err)
			}
			if ok {
				released.Add(1)
			}
		}()
	}
	wg.Wait()
	if released.Load() != 1 || f.stock(v) != 10 {
		t.Fatalf("released %d times, stock %d; want once, 10", released.Load(), f.stock(v))
	}
	// After a restart, a new Store on the same database releases nothing.
	again, err := f.newStore().ExpireCheckout(ctx, co.ID, "timeout")
	if err != nil || again || f.stock(v) != 10 {
		t.Fatalf("after restart: %v %v stock %d", again, err, f.stock(v))
	}
	got, _ := f.orders.Checkout(ctx, co.ID)
	if got.Status != orders.CheckoutExpired || got.ReleasedAt == nil || got.Orders[0].Status != orders.StatusCancelled {
		t.Fatalf("checkout = %s / order %s", got.Status, got.Orders[0].Status)
	}
	if n := f.count("order_events", "kind = 'expired'"); n != 1 {
		t.Fatalf("%d expired events, want 1", n)
	}
}

func TestDueCheckoutsExpireOnceAcrossInstances(t *testing.T) {
	f := newFixture(t)
	_, v := f.shop("acme", 1000, 10)
	var cos []*orders.Checkout
	for _, qty := range []int{1, 2} {
		owner := guest()
		f.add(owner, v, qty)
		//lint:ignore SA4010 the checkouts are placed for the stock they hold; the test reads them back only through the database
		cos = append(cos, f.mustPlace(owner, orders.ProviderStripe))
	}
	offline := guest()
	f.add(offline, v, 4)
	f.mustPlace(offline, orders.ProviderOffline)
	if f.stock(v) != 3 {
		t.Fatalf("stock = %d", f.stock(v))
	}
	if n, err := f.orders.ExpireDueCheckouts(ctx); err != nil || n != 0 {
		t.Fatalf("nothing is due yet: %d, %v", n, err)
	}
	f.clock.Advance(orders.DefaultCheckoutTTL + time.Second)
	stores := []*orders.Store{f.orders, f.newStore(), f.newStore()}
	var total atomic.Int64
	var wg sync.WaitGroup
	for _, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.ExpireDueCheckouts(ctx)
			if err != nil {
				t.Error(err)
			}
			total.Add(int64(n))
		}()
	}
	wg.Wait()
	// The offline checkout never expires by itself.
	if total.Load() != 2 || f.stock(v) != 6 {
		t.Fatalf("released %d, stock %d; want 2, 6", total.Load(), f.stock(v))
	}
}

func TestPaymentAfterExpiryTakesStockAgain(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 5)
	owner := guest()
	f.add(owner, v, 3)
	co := f.mustPlace(owner, orders.ProviderStripe)
	if ok, err := f.orders.ExpireCheckout(ctx, co.ID, "timeout"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	changed, err := f.orders.MarkCheckoutPaid(ctx, co.ID, orders.Payment{PaymentIntentID: "pi_1", ChargeID: "ch_1"})
	if err != nil || !changed {
		t.Fatal(changed, err)
	}
	o := f.order(acme, co.Orders[0].ID)
	if o.Status != orders.StatusPaid || o.CancelledAt != nil || f.stock(v) != 2 {
		t.Fatalf("order %s, stock %d", o.Status, f.stock(v))
	}

	// This time another shopper buys the stock in between: the late
	// payment still pays, the stock never goes negative, and the merchant
	// is told.
	owner2 := guest()
	f.add(owner2, v, 2)
	co2 := f.mustPlace(owner2, orders.ProviderStripe)
	if ok, _ := f.orders.ExpireCheckout(ctx, co2.ID, "timeout"); !ok {
		t.Fatal("not released")
	}
	other := guest()
	f.add(other, v, 1)
	f.mustPlace(other, orders.ProviderOffline)
	if _, err := f.orders.MarkCheckoutPaid(ctx, co2.ID, orders.Payment{PaymentIntentID: "pi_2"}); err != nil {
		t.Fatal(err)
	}
	o2 := f.order(acme, co2.Orders[0].ID)
	if o2.Status != orders.StatusPaid || f.stock(v) != 1 {
		t.Fatalf("order %s, stock %d", o2.Status, f.stock(v))
	}
	if kinds := f.events(o2.ID); kinds[len(kinds)-1] != "stock_short" {
		t.Fatalf("events = %v", kinds)
	}
}

func TestPaymentReplaysChangeNothing(t *testing.T) {
	f := newFixture(t)
	_, a := f.shop("acme", 1000, 10)
	_, b := f.shop("bolt", 1000, 10)
	owner := guest()
	f.add(owner, a, 1)
	f.add(owner, b, 1)
	co := f.mustPlace(owner, orders.ProviderStripe)
	var changed atomic.Int64
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := f.orders.MarkCheckoutPaid(ctx, co.ID, orders.Payment{PaymentIntentID: "pi_1", ChargeID: "ch_1"})
			if err != nil {
				t.Error(err)
			}
			if ok {
				changed.Add(1)
			}
		}()
	}
	wg.Wait()
	if changed.Load() != 1 {
		t.Fatalf("paid %d times", changed.Load())
	}
	if n := f.count("order_events", "kind = 'paid' AND actor_kind = 'stripe'"); n != 2 {
		t.Fatalf("%d paid events, want one per order", n)
	}
	// An expiry arriving after the payment (events out of order) does nothing.
	if ok, err := f.orders.ExpireCheckout(ctx, co.ID, "session expired"); ok || err != nil {
		t.Fatalf("expire a paid checkout: %v %v", ok, err)
	}
	got, _ := f.orders.Checkout(ctx, co.ID)
	if got.Status != orders.CheckoutPaid || got.PaymentIntentID != "pi_1" || got.Orders[0].Status != orders.StatusPaid || f.stock(a) != 9 {
		t.Fatalf("checkout = %+v", got)
	}
	for range 2 {
		if err := f.orders.RecordDispute(ctx, co.ID, "fraudulent"); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.count("order_events", "kind = 'disputed'"); n != 2 {
		t.Fatalf("%d dispute events, want one per order", n)
	}
}

func TestCancelCheckoutPutsTheLinesBack(t *testing.T) {
	f := newFixture(t)
	_, a := f.shop("acme", 1000, 10)
	_, b := f.shop("bolt", 1000, 10)
	owner := guest()
	f.add(owner, a, 2)
	f.add(owner, b, 1)
	co := f.mustPlace(owner, orders.ProviderStripe)
	if err := f.orders.CancelCheckout(ctx, guest(), co.PublicID); code(err) != "not_found" {
		t.Fatalf("someone else cancels: %v", err)
	}
	for range 2 {
		if err := f.orders.CancelCheckout(ctx, owner, co.PublicID); err != nil {
			t.Fatal(err)
		}
	}
	if f.stock(a) != 10 || f.stock(b) != 10 {
		t.Fatalf("stock = %d, %d", f.stock(a), f.stock(b))
	}
	c := f.cart(owner)
	if c.Count != 3 || len(c.Groups) != 2 {
		t.Fatalf("cart after cancel = %+v", c)
	}
	got, _ := f.orders.Checkout(ctx, co.ID)
	if got.Status != orders.CheckoutCancelled {
		t.Fatalf("checkout = %s", got.Status)
	}
}

// A shopper who presses "Place order" several times at once buys once.
func TestDoubleSubmitPlacesOneCheckout(t *testing.T) {
	f := newFixture(t)
	_, v := f.shop("acme", 1000, 10)
	owner := guest()
	f.add(owner, v, 2)
	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	var ok atomic.Int64
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "a@b.co", Address: address(),
				ExpectedTotal: q.Total, Provider: orders.ProviderOffline})
			switch {
			case err == nil:
				ok.Add(1)
			case key(err) != "orders.error.cart_empty":
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 || f.stock(v) != 8 || f.count("checkouts", "") != 1 {
		t.Fatalf("%d checkouts placed, stock %d", ok.Load(), f.stock(v))
	}
}

// A payment, an expiry and the merchant's cancellation of the same card
// order arrive at once, again and again: whichever wins, nobody deadlocks
// and the stock matches the orders (a paid order holds its units, a
// cancelled one none).
func TestPaymentExpiryAndCancellationAtOnce(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 1000)
	c, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var ids []int64
	for i := range 15 {
		owner := guest()
		f.add(owner, v, 2)
		co := f.mustPlace(owner, orders.ProviderStripe)
		id := co.Orders[0].ID
		ids = append(ids, id)
		var wg sync.WaitGroup
		wg.Add(3)
		go func() {
			defer wg.Done()
			if _, err := f.orders.MarkCheckoutPaid(c, co.ID, orders.Payment{PaymentIntentID: "pi"}); err != nil {
				t.Error("pay:", err)
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := f.orders.ExpireCheckout(c, co.ID, "timeout"); err != nil {
				t.Error("expire:", err)
			}
		}()
		go func() {
			defer wg.Done()
			if err := f.orders.CancelOrder(c, acme, id, "", staff); err != nil && code(err) != "conflict" {
				t.Error("cancel:", err)
			}
		}()
		wg.Wait()
		if i%5 == 0 && t.Failed() {
			break
		}
	}
	held := 0
	for _, id := range ids {
		o := f.order(acme, id)
		if o.Status != orders.StatusPaid {
			t.Fatalf("order %d is %s: the payment came, it must be paid", id, o.Status)
		}
		held += 2
	}
	if s := f.stock(v); s != 1000-held {
		t.Fatalf("stock = %d, want %d", s, 1000-held)
	}
}

// Ten refunds of one item each race for a line of three: three go
// through, and the line is never refunded past what was bought.
func TestConcurrentRefundsStopAtWhatWasBought(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 10)
	owner := guest()
	f.add(owner, v, 3)
	co := f.mustPlace(owner, orders.ProviderOffline)
	o := co.Orders[0]
	if err := f.orders.ConfirmOfflinePayment(ctx, acme, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	var ok atomic.Int64
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ref, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 1}}})
			if err != nil {
				if key(err) != "orders.error.refund_quantity" {
					t.Error(err)
				}
				return
			}
			if err := f.orders.CompleteRefund(ctx, acme, ref.ID, "re", "", staff); err != nil {
				t.Error(err)
				return
			}
			ok.Add(1)
		}()
	}
	wg.Wait()
	got := f.order(acme, o.ID)
	if ok.Load() != 3 || got.Lines[0].RefundedQuantity != 3 || got.RefundedAmount != 3000 {
		t.Fatalf("%d refunds, line refunded %d, order refunded %d", ok.Load(), got.Lines[0].RefundedQuantity, got.RefundedAmount)
	}
}

// The merchant confirms an offline payment while someone cancels the same
// order, again and again. Whichever wins, the other sees the state the
// winner left: the order ends paid holding its units, or cancelled with
// them given back, never paid with its stock returned (which would sell
// the units twice), and its history has one of the two moves, not both.
func TestCancelAndConfirmPaymentAtOnce(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 1000)
	c, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var ids []int64
	for range 25 {
		owner := guest()
		f.add(owner, v, 2)
		co := f.mustPlace(owner, orders.ProviderOffline)
		id := co.Orders[0].ID
		ids = append(ids, id)
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			if err := f.orders.ConfirmOfflinePayment(c, acme, id, staff); err != nil && code(err) != "conflict" {
				t.Error("confirm:", err)
			}
		}()
		go func() {
			defer wg.Done()
			<-start
			if err := f.orders.CancelOrder(c, acme, id, "", staff); err != nil && code(err) != "conflict" {
				t.Error("cancel:", err)
			}
		}()
		close(start)
		wg.Wait()
		if t.Failed() {
			break
		}
	}
	held, paid := 0, 0
	for _, id := range ids {
		o := f.order(acme, id)
		kinds := f.events(id)
		switch o.Status {
		case orders.StatusPaid:
			held += 2
			paid++
		case orders.StatusCancelled:
		default:
			t.Fatalf("order %d is %s", id, o.Status)
		}
		moves := 0
		for _, k := range kinds {
			if k == "paid" || k == "cancelled" {
				moves++
			}
		}
		if moves != 1 {
			t.Fatalf("order %d (%s) has history %v: paid and cancelled both", id, o.Status, kinds)
		}
	}
	if s := f.stock(v); s != 1000-held {
		t.Fatalf("stock = %d, want %d for %d paid orders of %d", s, 1000-held, paid, len(ids))
	}
	t.Logf("%d of %d orders paid, the rest cancelled", paid, len(ids))
}
