package orders_test

import (
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
)

var staff = orders.Actor{Kind: orders.ActorStaff, AccountID: 0}

func (f *fixture) events(orderID int64) []string {
	f.t.Helper()
	var kinds []string
	if err := f.db.Raw(`SELECT kind FROM order_events WHERE order_id = ? ORDER BY id`, orderID).Scan(&kinds).Error; err != nil {
		f.t.Fatal(err)
	}
	return kinds
}

func (f *fixture) order(merchantID, orderID int64) *orders.Order {
	f.t.Helper()
	o, err := f.orders.OrderInMerchant(ctx, merchantID, orderID)
	if err != nil {
		f.t.Fatal(err)
	}
	return o
}

func TestOrderLifeMovesForwardOnly(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 10)
	bolt, _ := f.shop("bolt", 1000, 10)
	owner := guest()
	f.add(owner, v, 1)
	co := f.mustPlace(owner, orders.ProviderOffline)
	id := co.Orders[0].ID

	// Another merchant sees nothing of it and can do nothing to it.
	if _, err := f.orders.OrderInMerchant(ctx, bolt, id); code(err) != mall.ENotFound {
		t.Fatalf("other merchant reads: %v", err)
	}
	if err := f.orders.ConfirmOfflinePayment(ctx, bolt, id, staff); code(err) != mall.ENotFound {
		t.Fatalf("other merchant confirms: %v", err)
	}
	// Out of order: shipping or delivering an unpaid order is refused and changes nothing.
	if err := f.orders.MarkShipped(ctx, acme, id, "UPS", "1Z", staff); code(err) != mall.EConflict {
		t.Fatalf("ship unpaid: %v", err)
	}
	if err := f.orders.MarkDelivered(ctx, acme, id, staff); code(err) != mall.EConflict {
		t.Fatalf("deliver unpaid: %v", err)
	}
	for i := 0; i < 2; i++ { // the second time is a replay
		if err := f.orders.ConfirmOfflinePayment(ctx, acme, id, staff); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := f.orders.Checkout(ctx, co.ID); got.Status != orders.CheckoutPaid {
		t.Fatalf("checkout after its only order was paid: %s", got.Status)
	}
	if err := f.orders.MarkDelivered(ctx, acme, id, staff); code(err) != mall.EConflict {
		t.Fatalf("deliver before shipping: %v", err)
	}
	if err := f.orders.CancelOrder(ctx, acme, id, "", staff); code(err) != mall.EConflict {
		t.Fatalf("cancel a paid order: %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := f.orders.MarkShipped(ctx, acme, id, "UPS", "1Z999", staff); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		if err := f.orders.MarkDelivered(ctx, acme, id, staff); err != nil {
			t.Fatal(err)
		}
	}
	// Late replays of earlier steps do nothing.
	if err := f.orders.MarkShipped(ctx, acme, id, "DHL", "other", staff); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.ConfirmOfflinePayment(ctx, acme, id, staff); err != nil {
		t.Fatal(err)
	}
	o := f.order(acme, id)
	if o.Status != orders.StatusDelivered || o.Carrier != "UPS" || o.TrackingNumber != "1Z999" || o.PaidAt == nil || o.ShippedAt == nil || o.DeliveredAt == nil {
		t.Fatalf("order = %+v", o)
	}
	want := []string{"placed", "paid", "shipped", "delivered"}
	if got := f.events(id); len(got) != len(want) {
		t.Fatalf("events = %v, want %v", got, want)
	}
	if len(o.Events) != 4 || o.Events[1].FromStatus != orders.StatusPendingPayment || o.Events[1].ToStatus != orders.StatusPaid || o.Events[1].ActorKind != orders.ActorStaff {
		t.Fatalf("paid event = %+v", o.Events[1])
	}
}

func TestCardOrdersAreNotConfirmedByHand(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 10)
	owner := guest()
	f.add(owner, v, 1)
	co := f.mustPlace(owner, orders.ProviderStripe)
	if err := f.orders.ConfirmOfflinePayment(ctx, acme, co.Orders[0].ID, staff); key(err) != "orders.error.not_offline" {
		t.Fatalf("confirm a card order: %v", err)
	}
}

func TestCancelOrderGivesStockBackOnce(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 10)
	owner := guest()
	f.add(owner, v, 4)
	co := f.mustPlace(owner, orders.ProviderOffline)
	id := co.Orders[0].ID
	for i := 0; i < 3; i++ {
		if err := f.orders.CancelOrder(ctx, acme, id, "customer called", staff); err != nil {
			t.Fatal(err)
		}
	}
	if f.stock(v) != 10 {
		t.Fatalf("stock after cancelling three times = %d, want 10", f.stock(v))
	}
	if got, _ := f.orders.Checkout(ctx, co.ID); got.Status != orders.CheckoutCancelled {
		t.Fatalf("checkout = %s", got.Status)
	}
	// The checkout cannot release it again either.
	if released, err := f.orders.ExpireCheckout(ctx, co.ID, "late"); err != nil || released || f.stock(v) != 10 {
		t.Fatalf("expire after cancel: %v %v stock %d", released, err, f.stock(v))
	}
	if err := f.orders.ConfirmOfflinePayment(ctx, acme, id, staff); code(err) != mall.EConflict {
		t.Fatalf("confirm a cancelled order: %v", err)
	}
}

func TestListOrdersFiltersAndSearches(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 100)
	bolt, bv := f.shop("bolt", 1000, 100)
	var ids []int64
	for i := 0; i < 5; i++ {
		owner := guest()
		f.add(owner, v, 1)
		f.add(owner, bv, 1)
		co := f.mustPlace(owner, orders.ProviderOffline)
		for _, o := range co.Orders {
			if o.MerchantID == acme {
				ids = append(ids, o.ID)
			}
		}
	}
	if err := f.orders.ConfirmOfflinePayment(ctx, acme, ids[1], staff); err != nil {
		t.Fatal(err)
	}
	all, total, err := f.orders.ListOrders(ctx, acme, orders.OrderFilter{PerPage: 2})
	if err != nil || total != 5 || len(all) != 2 || all[0].ID != ids[4] || all[0].Provider != orders.ProviderOffline || len(all[0].Lines) != 1 {
		t.Fatalf("page 1 = %d of %d, %v", len(all), total, err)
	}
	page3, _, _ := f.orders.ListOrders(ctx, acme, orders.OrderFilter{PerPage: 2, Page: 3})
	if len(page3) != 1 || page3[0].ID != ids[0] {
		t.Fatalf("page 3 = %+v", page3)
	}
	paid, total, _ := f.orders.ListOrders(ctx, acme, orders.OrderFilter{Status: orders.StatusPaid})
	if total != 1 || paid[0].ID != ids[1] {
		t.Fatalf("paid = %+v", paid)
	}
	for _, q := range []string{"acme-1003", "ANN@example", "ann buy"} {
		found, total, _ := f.orders.ListOrders(ctx, acme, orders.OrderFilter{Query: q})
		if q == "acme-1003" && (total != 1 || found[0].Number != "ACME-1003") {
			t.Errorf("q=%s: %d", q, total)
		}
		if q != "acme-1003" && total != 5 {
			t.Errorf("q=%s: %d", q, total)
		}
	}
	if _, total, _ := f.orders.ListOrders(ctx, acme, orders.OrderFilter{Query: "bolt-1001"}); total != 0 {
		t.Error("another merchant's number found")
	}
	if _, total, _ := f.orders.ListOrders(ctx, acme, orders.OrderFilter{Query: "%"}); total != 0 {
		t.Error("% matched everything")
	}
	_ = bolt
}

func TestOrdersOfAccount(t *testing.T) {
	f := newFixture(t)
	_, v := f.shop("acme", 1000, 100)
	_, bv := f.shop("bolt", 1000, 100)
	account := f.account("ann@example.com")
	owner := orders.CartOwner{AccountID: account}
	f.add(owner, v, 1)
	f.add(owner, bv, 1)
	f.mustPlace(owner, orders.ProviderOffline)
	g := guest()
	f.add(g, v, 1)
	f.mustPlace(g, orders.ProviderOffline)

	mine, total, err := f.orders.OrdersOfAccount(ctx, account, 1, 10)
	if err != nil || total != 2 || len(mine) != 2 {
		t.Fatalf("orders of account = %d, %v", total, err)
	}
	for _, o := range mine {
		if o.MerchantName == "" || len(o.Lines) != 1 {
			t.Fatalf("order = %+v", o)
		}
	}
	one, err := f.orders.OrderOfAccount(ctx, account, mine[0].ID)
	if err != nil || len(one.Lines) != 1 || len(one.Events) != 1 || one.MerchantName == "" || one.Provider != orders.ProviderOffline {
		t.Fatalf("order of account = %+v, %v", one, err)
	}
	other := f.account("bob@example.com")
	if _, err := f.orders.OrderOfAccount(ctx, other, mine[0].ID); code(err) != mall.ENotFound {
		t.Fatalf("someone else's order: %v", err)
	}
	guestOrders, _, _ := f.orders.ListOrders(ctx, mine[0].MerchantID, orders.OrderFilter{})
	for _, o := range guestOrders {
		if o.AccountID == nil {
			if _, err := f.orders.OrderOfAccount(ctx, 0, o.ID); code(err) != mall.ENotFound {
				t.Fatalf("a guest order through account 0: %v", err)
			}
		}
	}
}

func TestRefundsCannotExceedWhatWasBought(t *testing.T) {
	f := newFixture(t)
	acme := f.merchant("acme", 1000)
	f.shipping(acme, "Standard", 700, 0)
	_, v := f.product(acme, "Thing", [2]int64{1000, 10}, [2]int64{300, 10})
	owner := guest()
	f.add(owner, v[0], 3)
	f.add(owner, v[1], 1)
	co := f.mustPlace(owner, orders.ProviderOffline)
	o := co.Orders[0]
	a, b := o.Lines[0], o.Lines[1]

	if _, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: a.ID, Quantity: 1}}}); key(err) != "orders.error.refund_status" {
		t.Fatalf("refund unpaid: %v", err)
	}
	if err := f.orders.ConfirmOfflinePayment(ctx, acme, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	if _, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: a.ID, Quantity: 4}}}); key(err) != "orders.error.refund_quantity" {
		t.Fatalf("refund 4 of 3: %v", err)
	}
	if _, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{}); key(err) != "orders.error.refund_empty" {
		t.Fatalf("empty refund: %v", err)
	}
	// Two of the first line: pending, then a failure gives them back.
	r1, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: a.ID, Quantity: 2}}, Reason: "dented", By: staff})
	if err != nil || r1.Amount != 2000 || r1.Status != orders.RefundPending || len(r1.Lines) != 1 {
		t.Fatalf("refund 1 = %+v, %v", r1, err)
	}
	// Only one is left to refund while the two are reserved.
	if _, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: a.ID, Quantity: 2}}}); key(err) != "orders.error.refund_quantity" {
		t.Fatalf("reserved twice: %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := f.orders.FailRefund(ctx, acme, r1.ID, "card closed"); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.orders.CompleteRefund(ctx, acme, r1.ID, "re_1", "", staff); code(err) != mall.EConflict {
		t.Fatalf("complete a failed refund: %v", err)
	}
	r2, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: a.ID, Quantity: 3}}, Shipping: true, By: staff})
	if err != nil || r2.Amount != 3700 || r2.ShippingAmount != 700 {
		t.Fatalf("refund 2 = %+v, %v", r2, err)
	}
	for i := 0; i < 2; i++ {
		if err := f.orders.CompleteRefund(ctx, acme, r2.ID, "re_2", "trr_2", staff); err != nil {
			t.Fatal(err)
		}
	}
	got := f.order(acme, o.ID)
	if got.Status != orders.StatusPaid || got.RefundedAmount != 3700 || !got.PartiallyRefunded() || got.Lines[0].RefundedQuantity != 3 || got.Lines[0].RefundedAmount != 3000 {
		t.Fatalf("after a partial refund: %+v", got)
	}
	if _, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Shipping: true}); key(err) != "orders.error.refund_shipping" {
		t.Fatalf("shipping twice: %v", err)
	}
	r3, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: b.ID, Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.orders.CompleteRefund(ctx, acme, r3.ID, "re_3", "", staff); err != nil {
		t.Fatal(err)
	}
	got = f.order(acme, o.ID)
	if got.Status != orders.StatusRefunded || got.RefundedAmount != got.Total || got.PartiallyRefunded() || len(got.Refunds) != 3 {
		t.Fatalf("after refunding everything: %+v", got)
	}
	if _, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: b.ID, Quantity: 1}}}); key(err) != "orders.error.refund_status" {
		t.Fatalf("refund a refunded order: %v", err)
	}
	// Shipping a refunded order is a late request: nothing happens.
	if err := f.orders.MarkShipped(ctx, acme, o.ID, "UPS", "1", staff); err != nil {
		t.Fatal(err)
	}
	if f.order(acme, o.ID).Status != orders.StatusRefunded {
		t.Fatal("refunded order moved")
	}
}

func TestTransfers(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 10)
	owner := guest()
	f.add(owner, v, 1)
	co := f.mustPlace(owner, orders.ProviderStripe)
	id := co.Orders[0].ID
	if _, err := f.orders.MarkCheckoutPaid(ctx, co.ID, orders.Payment{PaymentIntentID: "pi_1", ChargeID: "ch_1"}); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.SetTransfer(ctx, acme, id, orders.TransferHeld, "", 0); err != nil {
		t.Fatal(err)
	}
	held, err := f.orders.OrdersAwaitingTransfer(ctx, acme)
	if err != nil || len(held) != 1 || held[0].ID != id {
		t.Fatalf("held = %+v, %v", held, err)
	}
	if err := f.orders.SetTransfer(ctx, acme, id, orders.TransferTransferred, "tr_1", 950); err != nil {
		t.Fatal(err)
	}
	if held, _ := f.orders.OrdersAwaitingTransfer(ctx, acme); len(held) != 0 {
		t.Fatal("transferred order still held")
	}
	if o := f.order(acme, id); o.TransferID != "tr_1" || o.TransferAmount != 950 {
		t.Fatalf("order = %+v", o)
	}
	if err := f.orders.SetTransfer(ctx, acme+1, id, orders.TransferHeld, "", 0); code(err) != mall.ENotFound {
		t.Fatalf("other merchant: %v", err)
	}
}
