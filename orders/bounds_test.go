package orders_test

import (
	"math/big"
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
)

// exactCommission is round(total × bp / 10000) half up, in arbitrary
// precision: what the mall's commission must be, whatever int64 can hold.
func exactCommission(total int64, bp int) int64 {
	n := new(big.Int).Mul(big.NewInt(total), big.NewInt(int64(bp)))
	n.Add(n, big.NewInt(5000))
	return n.Quo(n, big.NewInt(10000)).Int64()
}

// The dearest order a shop can take (99 of a variant at the highest price,
// at a 99.99 % commission) is placed with its commission exact to the
// cent; one that would charge more than a checkout may is refused, with
// the bound in its message, and takes nothing.
func TestOrderTotalsAndCommissionAtTheBounds(t *testing.T) {
	f := newFixture(t)
	const bp = 9999
	shop := f.merchant("dear", bp)
	f.shipping(shop, "Courier", mall.MaxPrice, 0)
	_, vs := f.product(shop, "Diamond", [2]int64{mall.MaxPrice, 500}, [2]int64{mall.MaxPrice, 500})

	owner := guest()
	f.add(owner, vs[0], orders.MaxLineQuantity)
	co := f.mustPlace(owner, orders.ProviderOffline)
	o := co.Orders[0]
	want := int64(orders.MaxLineQuantity)*mall.MaxPrice + mall.MaxPrice
	if o.Total != want || co.Total != want {
		t.Fatalf("total = %d, want %d", o.Total, want)
	}
	if o.CommissionAmount != exactCommission(want, bp) {
		t.Fatalf("commission = %d, want %d", o.CommissionAmount, exactCommission(want, bp))
	}

	// Two such lines are more than one checkout may charge.
	large := guest()
	f.add(large, vs[0], orders.MaxLineQuantity)
	f.add(large, vs[1], orders.MaxLineQuantity)
	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: large})
	if err != nil {
		t.Fatal(err)
	}
	if q.CanPlace {
		t.Fatalf("a quote of %d may be placed", q.Total)
	}
	checkouts := f.count("checkouts", "")
	_, err = f.place(large, orders.ProviderOffline)
	if key(err) != "orders.error.total_too_large" || code(err) != mall.EConflict {
		t.Fatalf("place %d: %v", q.Total, err)
	}
	if f.count("checkouts", "") != checkouts || f.stock(vs[0]) != 500-orders.MaxLineQuantity || f.stock(vs[1]) != 500 {
		t.Fatal("a refused checkout wrote something")
	}

	// A price above the bound, written before prices were bounded, is
	// refused too, instead of overflowing the commission (a 500) or
	// charging a wrong one.
	old := f.merchant("old", 500)
	f.shipping(old, "Post", 0, 0)
	_, ov := f.product(old, "Relic", [2]int64{1, 500})
	f.setPrice(ov[0], 10_000_000_000_000_000)
	relic := guest()
	f.add(relic, ov[0], 40)
	if _, err := f.place(relic, orders.ProviderOffline); key(err) != "orders.error.total_too_large" {
		t.Fatalf("place at an old price: %v", err)
	}
	if f.stock(ov[0]) != 500 {
		t.Fatal("stock taken by a refused checkout")
	}
}

// Shipping charges are bounded like prices.
func TestShippingChargesAreBounded(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("acme", 500)
	for _, in := range []orders.ShippingMethodInput{
		{Name: "Gold", Price: mall.MaxPrice + 1},
		{Name: "Free over", Price: 1, FreeOver: mall.MaxTotal + 1},
	} {
		_, err := f.orders.CreateShippingMethod(ctx, shop, in)
		if key(err) != "orders.error.amount_too_high" {
			t.Errorf("%+v: %v", in, err)
		}
	}
	if n := f.count("shipping_methods", ""); n != 0 {
		t.Fatalf("%d methods stored", n)
	}
}
