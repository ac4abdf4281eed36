package orders_test

import (
	"sync"
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
)

func TestCartGroupsLinesByMerchantWithCurrentPrices(t *testing.T) {
	f := newFixture(t)
	acme, bolt := f.merchant("acme", 500), f.merchant("bolt", 500)
	_, a := f.product(acme, "Anvil", [2]int64{2500, 5}, [2]int64{3000, 5})
	_, b := f.product(bolt, "Bolt", [2]int64{199, 100})
	owner := guest()

	if c := f.cart(owner); c.ID != 0 || c.Count != 0 || len(c.Groups) != 0 {
		t.Fatalf("cart before adding = %+v, want empty", c)
	}
	f.add(owner, a[0], 2)
	f.add(owner, b[0], 10)
	f.add(owner, a[1], 1)
	f.add(owner, a[0], 1) // adds up with the first line

	c := f.cart(owner)
	if c.Count != 14 || c.Subtotal != 3*2500+3000+10*199 || c.Currency != "USD" {
		t.Fatalf("cart = count %d subtotal %d %s", c.Count, c.Subtotal, c.Currency)
	}
	if len(c.Groups) != 2 || c.Groups[0].Merchant.Slug != "acme" || c.Groups[1].Merchant.Slug != "bolt" {
		t.Fatalf("groups = %+v", c.Groups)
	}
	g := c.Groups[0]
	if len(g.Lines) != 2 || g.Lines[0].Quantity != 3 || g.Lines[0].VariantTitle != "S0" || g.Subtotal != 3*2500+3000 {
		t.Fatalf("acme group = %+v", g)
	}
	if n, err := f.orders.CartCount(ctx, owner); err != nil || n != 14 {
		t.Fatalf("CartCount = %d, %v", n, err)
	}

	f.setPrice(a[0], 2700)
	l := f.cart(owner).Groups[0].Lines[0]
	if l.UnitPrice != 2700 || l.UnitPriceSeen != 2500 || l.Total != 3*2700 {
		t.Fatalf("after a price change line = %+v", l)
	}
}

func TestCartQuantityLimits(t *testing.T) {
	f := newFixture(t)
	acme := f.merchant("acme", 500)
	_, v := f.product(acme, "Anvil", [2]int64{2500, 3})
	_, big := f.product(acme, "Nail", [2]int64{5, 1000})
	owner := guest()

	for _, qty := range []int{0, -1, 100} {
		if err := f.orders.AddToCart(ctx, owner, big[0], qty); code(err) != mall.EInvalid || key(err) != "orders.error.quantity_invalid" {
			t.Errorf("add %d: err = %v, want quantity_invalid", qty, err)
		}
	}
	f.add(owner, big[0], 98)
	if err := f.orders.AddToCart(ctx, owner, big[0], 2); code(err) != mall.EInvalid {
		t.Errorf("98 + 2 of one line: err = %v, want EInvalid (at most 99)", err)
	}
	f.add(owner, v[0], 2)
	err := f.orders.AddToCart(ctx, owner, v[0], 2)
	if code(err) != mall.EConflict || key(err) != "orders.error.not_enough_stock" || mall.AsError(err).Args["Available"] != 3 {
		t.Fatalf("more than the stock: err = %v", err)
	}
	c := f.cart(owner)
	if c.Count != 100 {
		t.Fatalf("refused adds changed the cart: count = %d", c.Count)
	}
	line := c.Groups[0].Lines[1]
	if err := f.orders.SetCartQuantity(ctx, owner, line.ID, 4); code(err) != mall.EConflict {
		t.Errorf("set 4 of 3 in stock: err = %v", err)
	}
	if err := f.orders.SetCartQuantity(ctx, owner, line.ID, 3); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.SetCartQuantity(ctx, owner, line.ID, 100); code(err) != mall.EInvalid {
		t.Errorf("set 100: err = %v", err)
	}
	// Another shopper cannot touch the line.
	if err := f.orders.SetCartQuantity(ctx, guest(), line.ID, 1); code(err) != mall.ENotFound {
		t.Errorf("someone else's line: err = %v, want not found", err)
	}
	if err := f.orders.RemoveCartLine(ctx, guest(), line.ID); code(err) != mall.ENotFound {
		t.Errorf("remove someone else's line: err = %v, want not found", err)
	}
	if err := f.orders.SetCartQuantity(ctx, owner, line.ID, 0); err != nil {
		t.Fatal(err)
	}
	if c := f.cart(owner); c.Count != 98 || len(c.Groups[0].Lines) != 1 {
		t.Fatalf("quantity 0 should remove the line: %+v", c)
	}
	if err := f.orders.RemoveCartLine(ctx, owner, c.Groups[0].Lines[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.orders.CartCount(ctx, owner); n != 0 {
		t.Fatalf("count after removing everything = %d", n)
	}
}

func TestUnavailableProductsCannotBeAdded(t *testing.T) {
	f := newFixture(t)
	acme, closed := f.merchant("acme", 500), f.merchant("closed", 500)
	p, v := f.product(acme, "Anvil", [2]int64{2500, 3})
	_, cv := f.product(closed, "Crate", [2]int64{100, 3})
	owner := guest()
	f.add(owner, v[0], 1)
	f.add(owner, cv[0], 1)

	f.setMerchantStatus(closed, "suspended")
	if err := f.orders.AddToCart(ctx, owner, cv[0], 1); code(err) != mall.EConflict || key(err) != "orders.error.unavailable" {
		t.Errorf("add from a suspended shop: err = %v", err)
	}
	if err := f.catalog.ArchiveProduct(ctx, acme, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.AddToCart(ctx, owner, v[0], 1); code(err) != mall.EConflict {
		t.Errorf("add an archived product: err = %v", err)
	}
	if err := f.orders.AddToCart(ctx, owner, 999999, 1); code(err) != mall.ENotFound {
		t.Errorf("add a missing variant: err = %v", err)
	}
	// Lines already in the cart stay, marked unavailable.
	c := f.cart(owner)
	if len(c.Groups) != 2 {
		t.Fatalf("groups = %d", len(c.Groups))
	}
	for _, g := range c.Groups {
		if g.Lines[0].Available {
			t.Errorf("%s line still available", g.Merchant.Slug)
		}
	}
	if c.Groups[1].Merchant.Open {
		t.Error("suspended shop shown open")
	}
}

func TestMergeGuestCartSumsQuantities(t *testing.T) {
	f := newFixture(t)
	acme := f.merchant("acme", 500)
	_, v := f.product(acme, "Anvil", [2]int64{2500, 200}, [2]int64{100, 200}, [2]int64{300, 200})
	account := f.account("ann@example.com")
	mine := orders.CartOwner{AccountID: account}
	f.add(mine, v[0], 2)
	f.add(mine, v[1], 60)

	g := guest()
	f.add(g, v[0], 3)
	f.add(g, v[1], 50) // 60 + 50 is capped at 99
	f.add(g, v[2], 1)
	if err := f.orders.MergeGuestCart(ctx, g.Token, account); err != nil {
		t.Fatal(err)
	}
	got := map[int64]int{}
	for _, l := range f.cart(mine).Groups[0].Lines {
		got[l.VariantID] = l.Quantity
	}
	if got[v[0]] != 5 || got[v[1]] != 99 || got[v[2]] != 1 || len(got) != 3 {
		t.Fatalf("merged cart = %v", got)
	}
	if c := f.cart(g); c.Count != 0 {
		t.Fatalf("guest cart still holds %d", c.Count)
	}
	// Merging again (a second sign-in with the same cookie) changes nothing.
	if err := f.orders.MergeGuestCart(ctx, g.Token, account); err != nil {
		t.Fatal(err)
	}
	if c := f.cart(mine); c.Count != 105 {
		t.Fatalf("count after a second merge = %d", c.Count)
	}

	// A shopper without a cart of their own takes the guest cart over.
	other := f.account("bob@example.com")
	g2 := guest()
	f.add(g2, v[2], 4)
	if err := f.orders.MergeGuestCart(ctx, g2.Token, other); err != nil {
		t.Fatal(err)
	}
	if c := f.cart(orders.CartOwner{AccountID: other, Token: g2.Token}); c.Count != 4 {
		t.Fatalf("taken-over cart count = %d", c.Count)
	}
}

func TestShippingMethods(t *testing.T) {
	f := newFixture(t)
	acme, bolt := f.merchant("acme", 500), f.merchant("bolt", 500)
	std := f.shipping(acme, "Standard", 500, 5000)
	exp, err := f.orders.CreateShippingMethod(ctx, acme, orders.ShippingMethodInput{Name: "Express", Price: 1500})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.orders.CreateShippingMethod(ctx, acme, orders.ShippingMethodInput{Name: " ", Price: -1}); len(mall.Fields(err)) != 2 {
		t.Fatalf("invalid method: err = %v", err)
	}
	all, err := f.orders.ShippingMethods(ctx, acme)
	if err != nil || len(all) != 2 || all[0].ID != std.ID || all[1].Active {
		t.Fatalf("methods = %+v, %v", all, err)
	}
	active, _ := f.orders.ActiveShippingMethods(ctx, acme)
	if len(active) != 1 {
		t.Fatalf("active = %+v", active)
	}
	if std.CostFor(4999) != 500 || std.CostFor(5000) != 0 || exp.CostFor(1e9) != 1500 {
		t.Error("CostFor")
	}
	if err := f.orders.UpdateShippingMethod(ctx, bolt, exp.ID, orders.ShippingMethodInput{Name: "Mine", Active: true}); code(err) != mall.ENotFound {
		t.Errorf("another merchant's method: err = %v", err)
	}
	if err := f.orders.DeleteShippingMethod(ctx, bolt, exp.ID); code(err) != mall.ENotFound {
		t.Errorf("delete another merchant's method: err = %v", err)
	}
	if err := f.orders.UpdateShippingMethod(ctx, acme, exp.ID, orders.ShippingMethodInput{Name: "Express", Price: 1200, Active: true}); err != nil {
		t.Fatal(err)
	}
	if active, _ := f.orders.ActiveShippingMethods(ctx, acme); len(active) != 2 || active[1].Price != 1200 {
		t.Fatalf("after update = %+v", active)
	}
	if err := f.orders.DeleteShippingMethod(ctx, acme, std.ID); err != nil {
		t.Fatal(err)
	}
	if all, _ := f.orders.ShippingMethods(ctx, acme); len(all) != 1 {
		t.Fatalf("after delete = %+v", all)
	}
}

func TestLinkSignature(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	sig := orders.LinkSignature(secret, "abc")
	if !orders.CheckLinkSignature(secret, "abc", sig) {
		t.Fatal("own signature refused")
	}
	if orders.CheckLinkSignature(secret, "abd", sig) || orders.CheckLinkSignature([]byte("other"), "abc", sig) ||
		orders.CheckLinkSignature(secret, "abc", "") || orders.CheckLinkSignature(nil, "abc", orders.LinkSignature(nil, "abc")) {
		t.Fatal("a wrong signature passed")
	}
}

func TestConcurrentAddsToOneCartAddUp(t *testing.T) {
	f := newFixture(t)
	acme := f.merchant("acme", 500)
	_, v := f.product(acme, "Nail", [2]int64{5, 1000})
	owner := guest()
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f.orders.AddToCart(ctx, owner, v[0], 2); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if c := f.cart(owner); c.Count != 40 || len(c.Groups) != 1 || len(c.Groups[0].Lines) != 1 {
		t.Fatalf("cart = %+v", c)
	}
}
