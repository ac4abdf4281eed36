package orders_test

import (
	"errors"
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
)

func address() orders.Address {
	return orders.Address{Name: "Ann Buyer", Line1: "1 Main St", City: "Springfield", Region: "IL", PostalCode: "12345", Country: "us"}
}

// place checks owner's cart out at the quoted total.
func (f *fixture) place(owner orders.CartOwner, provider orders.Provider) (*orders.Checkout, error) {
	f.t.Helper()
	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		f.t.Fatal(err)
	}
	return f.orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: "Ann@Example.com", Address: address(), ExpectedTotal: q.Total, Provider: provider,
	})
}

func (f *fixture) mustPlace(owner orders.CartOwner, provider orders.Provider) *orders.Checkout {
	f.t.Helper()
	co, err := f.place(owner, provider)
	if err != nil {
		f.t.Fatalf("place: %v", err)
	}
	return co
}

// shop is a merchant with one shipping method and one product.
func (f *fixture) shop(slug string, price, stock int64) (merchantID, variantID int64) {
	f.t.Helper()
	merchantID = f.merchant(slug, 500)
	f.shipping(merchantID, "Standard", 500, 10000)
	_, v := f.product(merchantID, slug+"-thing", [2]int64{price, stock})
	return merchantID, v[0]
}

func TestPlaceCheckoutMakesOneOrderPerMerchant(t *testing.T) {
	f := newFixture(t)
	acme, anvil := f.shop("acme", 2500, 10)
	bolt, bolts := f.shop("bolt", 199, 100)
	account := f.account("ann@example.com")
	owner := orders.CartOwner{AccountID: account}
	f.add(owner, anvil, 2)
	f.add(owner, bolts, 60)

	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	// acme: 5000 + 500 shipping; bolt: 11940, free shipping over 10000.
	if !q.CanPlace || q.Subtotal != 5000+11940 || q.ShippingTotal != 500 || q.Total != 17440 || len(q.Changes) != 0 {
		t.Fatalf("quote = %+v", q)
	}
	changedBefore := f.changed.Load()
	co := f.mustPlace(owner, orders.ProviderOffline)
	if co.Status != orders.CheckoutPending || co.ExpiresAt != nil || co.Total != 17440 || co.Email != "ann@example.com" ||
		co.Address.Country != "US" || len(co.PublicID) != 32 || co.AccountID == nil || *co.AccountID != account {
		t.Fatalf("checkout = %+v", co)
	}
	if f.changed.Load()-changedBefore != 2 {
		t.Errorf("OnStockChange called %d times, want once per merchant", f.changed.Load()-changedBefore)
	}
	if f.stock(anvil) != 8 || f.stock(bolts) != 40 {
		t.Fatalf("stock = %d, %d", f.stock(anvil), f.stock(bolts))
	}
	if c := f.cart(owner); c.Count != 0 {
		t.Fatalf("cart not emptied: %d", c.Count)
	}

	got, err := f.orders.CheckoutByPublicID(ctx, co.PublicID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Orders) != 2 || !got.OwnedBy(owner) || got.OwnedBy(guest()) {
		t.Fatalf("orders = %d", len(got.Orders))
	}
	byMerchant := map[int64]orders.Order{}
	for _, o := range got.Orders {
		byMerchant[o.MerchantID] = o
	}
	a, b := byMerchant[acme], byMerchant[bolt]
	if a.Number != "ACME-1001" || b.Number != "BOLT-1001" || a.Status != orders.StatusPendingPayment || a.Provider != orders.ProviderOffline {
		t.Fatalf("orders = %+v / %+v", a, b)
	}
	// 5 % of 5500 is 275; 5 % of 11940 is 597 (597.0).
	if a.Total != 5500 || a.Shipping != 500 || a.CommissionBP != 500 || a.CommissionAmount != 275 || a.MerchantShare() != 5225 {
		t.Fatalf("acme order money = %+v", a)
	}
	if b.Total != 11940 || b.Shipping != 0 || b.CommissionAmount != 597 || b.ShippingMethodName != "Standard" {
		t.Fatalf("bolt order money = %+v", b)
	}
	if len(a.Lines) != 1 || a.Lines[0].Quantity != 2 || a.Lines[0].UnitPrice != 2500 || a.Lines[0].SKU != "acme-thing-0" {
		t.Fatalf("acme lines = %+v", a.Lines)
	}
	if n := f.count("order_events", "kind = 'placed' AND actor_kind = 'shopper' AND actor_account_id = ?", account); n != 2 {
		t.Fatalf("placed events = %d", n)
	}

	// The next checkout from acme takes the next number; a guest's stripe
	// checkout expires after the TTL.
	g := guest()
	f.add(g, anvil, 1)
	co2 := f.mustPlace(g, orders.ProviderStripe)
	if co2.Orders[0].Number != "ACME-1002" || co2.ExpiresAt == nil || !co2.ExpiresAt.Equal(f.clock.Now().Add(orders.DefaultCheckoutTTL)) {
		t.Fatalf("second checkout = %+v", co2)
	}
	if !co2.OwnedBy(g) || co2.OwnedBy(owner) || co2.OwnedBy(guest()) {
		t.Fatal("guest ownership")
	}
	if _, err := f.orders.Checkout(ctx, co2.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.SetCheckoutSession(ctx, co2.ID, "cs_test_1"); err != nil {
		t.Fatal(err)
	}
	if bySession, err := f.orders.CheckoutBySession(ctx, "cs_test_1"); err != nil || bySession.ID != co2.ID {
		t.Fatalf("by session = %v, %v", bySession, err)
	}
	if _, err := f.orders.CheckoutBySession(ctx, "cs_nope"); code(err) != mall.ENotFound {
		t.Fatalf("unknown session: %v", err)
	}
}

func TestPlaceCheckoutValidatesTheForm(t *testing.T) {
	f := newFixture(t)
	_, v := f.shop("acme", 100, 5)
	owner := guest()
	f.add(owner, v, 1)
	_, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "nope",
		Address: orders.Address{Country: "USA"}, Provider: "cash", ExpectedTotal: 600})
	fields := mall.Fields(err)
	for _, f := range []string{"email", "name", "line1", "city", "country", "provider"} {
		if fields[f] == nil {
			t.Errorf("no error on %s (err = %v)", f, err)
		}
	}
	if f.count("checkouts", "") != 0 || f.stock(v) != 5 {
		t.Fatal("an invalid form wrote something")
	}
	if _, err := f.place(guest(), orders.ProviderOffline); key(err) != "orders.error.cart_empty" {
		t.Fatalf("empty cart: %v", err)
	}
}

func TestPriceChangeShowsInQuoteAndStopsTheOldTotal(t *testing.T) {
	f := newFixture(t)
	_, v := f.shop("acme", 1000, 5)
	owner := guest()
	f.add(owner, v, 2)
	before, _ := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	f.setPrice(v, 1200)

	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Changes) != 1 || q.Changes[0].Kind != orders.ChangePrice || q.Changes[0].Was != 1000 || q.Changes[0].Now != 1200 || !q.CanPlace {
		t.Fatalf("quote changes = %+v", q.Changes)
	}
	_, err = f.orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "a@b.co", Address: address(),
		ExpectedTotal: before.Total, Provider: orders.ProviderOffline})
	if code(err) != mall.EConflict || key(err) != "orders.error.total_changed" {
		t.Fatalf("old total: err = %v", err)
	}
	if f.count("checkouts", "") != 0 || f.count("orders", "") != 0 || f.count("order_counters", "") != 0 || f.stock(v) != 5 || f.cart(owner).Count != 2 {
		t.Fatal("a refused checkout wrote something")
	}
	co, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "a@b.co", Address: address(),
		ExpectedTotal: q.Total, Provider: orders.ProviderOffline})
	if err != nil || co.Orders[0].Lines[0].UnitPrice != 1200 {
		t.Fatalf("new total: %v", err)
	}
}

func TestQuoteReportsStockUnavailableAndNoShipping(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 5)
	bare := f.merchant("bare", 500)
	_, bvs := f.product(bare, "Plain", [2]int64{300, 5})
	bv := bvs[0]
	owner := guest()
	f.add(owner, v, 5)
	f.add(owner, bv, 1)
	if err := f.db.Exec(`UPDATE variants SET stock = 3 WHERE id = ?`, v).Error; err != nil {
		t.Fatal(err)
	}
	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	if q.CanPlace || len(q.Changes) != 1 || q.Changes[0].Kind != orders.ChangeStock || q.Changes[0].Now != 3 {
		t.Fatalf("quote = %+v", q)
	}
	if !q.Groups[1].NoShipping || q.Groups[0].NoShipping {
		t.Fatalf("groups = %+v", q.Groups)
	}
	// A stock shortage found at checkout is a *StockError.
	f.shipping(bare, "Post", 100, 0)
	_, err = f.place(owner, orders.ProviderOffline)
	var se *orders.StockError
	if !errors.As(err, &se) || code(err) != mall.EConflict || len(se.Short) != 1 || se.Short[0].Available != 3 || se.Short[0].Wanted != 5 {
		t.Fatalf("short stock: err = %v", err)
	}
	if f.stock(bv) != 5 || f.count("orders", "") != 0 {
		t.Fatal("a short checkout took stock")
	}
	if err := f.catalog.ArchiveProduct(ctx, acme, f.productOf(v)); err != nil {
		t.Fatal(err)
	}
	q, _ = f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if q.CanPlace || q.Changes[0].Kind != orders.ChangeUnavailable {
		t.Fatalf("archived: %+v", q.Changes)
	}
	if _, err := f.place(owner, orders.ProviderOffline); key(err) != "orders.error.unavailable" {
		t.Fatalf("archived: err = %v", err)
	}
	// Choosing a method of another shop is refused.
	_, err = f.orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "a@b.co", Address: address(),
		Provider: orders.ProviderOffline, Shipping: map[int64]int64{bare: 999}})
	if mall.Fields(err)["shipping"] == nil {
		t.Fatalf("bad method: err = %v", err)
	}
}

func (f *fixture) productOf(variantID int64) int64 {
	f.t.Helper()
	var id int64
	if err := f.db.Raw(`SELECT product_id FROM variants WHERE id = ?`, variantID).Scan(&id).Error; err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) inStock(productID int64) bool {
	f.t.Helper()
	var b bool
	if err := f.db.Raw(`SELECT in_stock FROM products WHERE id = ?`, productID).Scan(&b).Error; err != nil {
		f.t.Fatal(err)
	}
	return b
}

func TestCheckoutKeepsTheInStockFlag(t *testing.T) {
	f := newFixture(t)
	_, v := f.shop("acme", 1000, 2)
	p := f.productOf(v)
	owner := guest()
	f.add(owner, v, 2)
	co := f.mustPlace(owner, orders.ProviderStripe)
	if f.inStock(p) {
		t.Fatal("sold-out product still in stock")
	}
	if released, err := f.orders.ExpireCheckout(ctx, co.ID, "test"); err != nil || !released {
		t.Fatalf("expire: %v %v", released, err)
	}
	if !f.inStock(p) || f.stock(v) != 2 {
		t.Fatal("released stock not back in stock")
	}
}

func TestChosenShippingMethodIsCharged(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 3000, 10) // Standard: 500, free over 10000
	express := f.shipping(acme, "Express", 1500, 0)
	owner := guest()
	f.add(owner, v, 4) // 12000: standard would be free

	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil || q.ShippingTotal != 0 || q.Groups[0].MethodID == express.ID || len(q.Groups[0].Methods) != 2 {
		t.Fatalf("default quote = %+v, %v", q, err)
	}
	choice := map[int64]int64{acme: express.ID}
	q, err = f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner, Shipping: choice})
	if err != nil || q.ShippingTotal != 1500 || q.Total != 13500 || q.Groups[0].MethodID != express.ID {
		t.Fatalf("express quote = %+v, %v", q, err)
	}
	co, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "a@b.co", Address: address(),
		Shipping: choice, ExpectedTotal: 13500, Provider: orders.ProviderOffline, Locale: "zh-Hans"})
	if err != nil {
		t.Fatal(err)
	}
	o := co.Orders[0]
	if o.ShippingMethodName != "Express" || o.Shipping != 1500 || o.Total != 13500 || o.Locale != "zh-Hans" {
		t.Fatalf("order = %+v", o)
	}
}
