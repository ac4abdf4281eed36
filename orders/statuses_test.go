package orders_test

import (
	"slices"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/orders"
)

// declared is what a status type offers a test: its values and Valid.
type declared interface {
	~string
	Valid() bool
}

// roundTrip writes each of values to column of the row id of model's
// table and reads it back through read. When checked, the column must
// also refuse a value that is not declared, and keep what it had.
func roundTrip[T declared](t *testing.T, db *gorm.DB, model any, id int64, column string, values []T, checked bool, read func() T) {
	t.Helper()
	if len(values) == 0 {
		t.Fatalf("%s: no declared values", column)
	}
	for _, v := range values {
		if !v.Valid() {
			t.Errorf("%s: declared %q is not Valid", column, v)
		}
		if err := db.Model(model).Where("id = ?", id).Update(column, v).Error; err != nil {
			t.Errorf("%s: the database refuses declared %q: %v", column, v, err)
			continue
		}
		if got := read(); got != v {
			t.Errorf("%s: wrote %q, read %q", column, v, got)
		}
	}
	stray := T("not_declared")
	if stray.Valid() {
		t.Errorf("%s: %q is Valid", column, stray)
	}
	if !checked {
		return
	}
	before := read()
	if err := db.Model(model).Where("id = ?", id).Update(column, stray).Error; err == nil {
		t.Errorf("%s: the database stored undeclared %q", column, stray)
	}
	if got := read(); got != before {
		t.Errorf("%s: after a refused write it reads %q, want %q", column, got, before)
	}
}

// TestEveryDeclaredStatusRoundTrips: every declared order, checkout,
// transfer and refund status, payment provider and actor kind is stored
// and read back as itself, and the checked columns refuse anything
// undeclared.
func TestEveryDeclaredStatusRoundTrips(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 10)
	owner := guest()
	f.add(owner, v, 2)
	co := f.mustPlace(owner, orders.ProviderOffline)
	o := co.Orders[0]
	if err := f.orders.ConfirmOfflinePayment(ctx, acme, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	ref, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 1}}, By: staff})
	if err != nil {
		t.Fatal(err)
	}
	var eventID int64
	if err := f.db.Raw(`SELECT MIN(id) FROM order_events WHERE order_id = ?`, o.ID).Scan(&eventID).Error; err != nil || eventID == 0 {
		t.Fatalf("event of order %d: %d, %v", o.ID, eventID, err)
	}

	readCheckout := func() orders.Checkout {
		var c orders.Checkout
		if err := f.db.First(&c, co.ID).Error; err != nil {
			t.Fatal(err)
		}
		return c
	}
	readOrder := func() orders.Order {
		var r orders.Order
		if err := f.db.First(&r, o.ID).Error; err != nil {
			t.Fatal(err)
		}
		return r
	}
	readEvent := func() orders.OrderEvent {
		var e orders.OrderEvent
		if err := f.db.First(&e, eventID).Error; err != nil {
			t.Fatal(err)
		}
		return e
	}
	readRefund := func() orders.Refund {
		var r orders.Refund
		if err := f.db.First(&r, ref.ID).Error; err != nil {
			t.Fatal(err)
		}
		return r
	}

	roundTrip(t, f.db, &orders.Checkout{}, co.ID, "status", orders.CheckoutStatuses(), true,
		func() orders.CheckoutStatus { return readCheckout().Status })
	roundTrip(t, f.db, &orders.Checkout{}, co.ID, "provider", orders.Providers(), true,
		func() orders.Provider { return readCheckout().Provider })
	roundTrip(t, f.db, &orders.Order{}, o.ID, "status", orders.Statuses(), true,
		func() orders.Status { return readOrder().Status })
	roundTrip(t, f.db, &orders.Order{}, o.ID, "transfer_status", orders.TransferStatuses(), true,
		func() orders.TransferStatus { return readOrder().TransferStatus })
	roundTrip(t, f.db, &orders.OrderEvent{}, eventID, "actor_kind", orders.ActorKinds(), true,
		func() orders.ActorKind { return readEvent().ActorKind })
	roundTrip(t, f.db, &orders.OrderEvent{}, eventID, "from_status", orders.Statuses(), false,
		func() orders.Status { return readEvent().FromStatus })
	roundTrip(t, f.db, &orders.OrderEvent{}, eventID, "to_status", orders.Statuses(), false,
		func() orders.Status { return readEvent().ToStatus })
	roundTrip(t, f.db, &orders.Refund{}, ref.ID, "status", orders.RefundStatuses(), true,
		func() orders.RefundStatus { return readRefund().Status })
}

// TestEveryStoredStatusIsDeclared takes orders through every way the
// store moves them, then reads back every status and actor kind the
// tables hold: each is a declared one, and each declared one was reached.
func TestEveryStoredStatusIsDeclared(t *testing.T) {
	f := newFixture(t)
	acme, v := f.shop("acme", 1000, 50)
	operator := orders.Actor{Kind: orders.ActorOperator}
	offline := func(qty int) *orders.Order {
		t.Helper()
		owner := guest()
		f.add(owner, v, qty)
		o := f.mustPlace(owner, orders.ProviderOffline).Orders[0]
		return &o
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	refund := func(o *orders.Order, qty int) *orders.Refund {
		t.Helper()
		r, err := f.orders.PrepareRefund(ctx, acme, o.ID, orders.RefundRequest{
			Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: qty}}, By: staff})
		must(err)
		return r
	}

	// Paid, shipped, delivered, then refunded in two parts; its share
	// was transferred.
	done := offline(2)
	must(f.orders.ConfirmOfflinePayment(ctx, acme, done.ID, staff))
	must(f.orders.MarkShipped(ctx, acme, done.ID, "UPS", "1Z", staff))
	must(f.orders.MarkDelivered(ctx, acme, done.ID, staff))
	must(f.orders.CompleteRefund(ctx, acme, refund(done, 1).ID, "re_1", "", staff))
	last, err := f.orders.PrepareRefund(ctx, acme, done.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: done.Lines[0].ID, Quantity: 1}}, Shipping: true, By: staff})
	must(err)
	must(f.orders.CompleteRefund(ctx, acme, last.ID, "re_2", "", staff))
	must(f.orders.SetTransfer(ctx, acme, done.ID, orders.TransferTransferred, "tr_1", 100))
	// Paid and shipped, a refund failed and another is under way; its
	// share is held.
	shipped := offline(2)
	must(f.orders.ConfirmOfflinePayment(ctx, acme, shipped.ID, staff))
	must(f.orders.MarkShipped(ctx, acme, shipped.ID, "UPS", "1Z2", staff))
	must(f.orders.FailRefund(ctx, acme, refund(shipped, 1).ID, "declined"))
	refund(shipped, 1)
	must(f.orders.SetTransfer(ctx, acme, shipped.ID, orders.TransferHeld, "", 0))
	// Delivered and kept.
	kept := offline(1)
	must(f.orders.ConfirmOfflinePayment(ctx, acme, kept.ID, staff))
	must(f.orders.MarkShipped(ctx, acme, kept.ID, "UPS", "1Z3", staff))
	must(f.orders.MarkDelivered(ctx, acme, kept.ID, staff))
	// Paid, its transfer on its way.
	paid := offline(1)
	must(f.orders.ConfirmOfflinePayment(ctx, acme, paid.ID, staff))
	must(f.orders.SetTransfer(ctx, acme, paid.ID, orders.TransferPending, "", 0))
	// Cancelled by the operator; and one left awaiting payment.
	must(f.orders.CancelOrder(ctx, acme, offline(1).ID, "", operator))
	offline(1)
	// A card checkout paid by Stripe, and one expired by the mall.
	card := guest()
	f.add(card, v, 1)
	if _, err := f.orders.MarkCheckoutPaid(ctx, f.mustPlace(card, orders.ProviderStripe).ID, orders.Payment{PaymentIntentID: "pi_1"}); err != nil {
		t.Fatal(err)
	}
	late := guest()
	f.add(late, v, 1)
	if _, err := f.orders.ExpireCheckout(ctx, f.mustPlace(late, orders.ProviderStripe).ID, "expired"); err != nil {
		t.Fatal(err)
	}

	stored := func(table, column string) []string {
		t.Helper()
		var vs []string
		if err := f.db.Raw(`SELECT DISTINCT ` + column + ` FROM ` + table).Scan(&vs).Error; err != nil {
			t.Fatal(err)
		}
		return vs
	}
	check(t, "checkouts.status", stored("checkouts", "status"), orders.CheckoutStatuses(), false, true)
	check(t, "checkouts.provider", stored("checkouts", "provider"), orders.Providers(), false, true)
	check(t, "orders.status", stored("orders", "status"), orders.Statuses(), false, true)
	check(t, "orders.transfer_status", stored("orders", "transfer_status"), orders.TransferStatuses(), false, true)
	check(t, "refunds.status", stored("refunds", "status"), orders.RefundStatuses(), false, true)
	check(t, "order_events.actor_kind", stored("order_events", "actor_kind"), orders.ActorKinds(), false, true)
	check(t, "order_events.to_status", stored("order_events", "to_status"), orders.Statuses(), false, true)
	// A placed order comes from no status, and no move starts from the
	// last ones.
	check(t, "order_events.from_status", stored("order_events", "from_status"), orders.Statuses(), true, false)
}

// check fails for a stored value that is not declared (the empty one
// allowed only when orEmpty), and, when every, for a declared value never
// stored.
func check[T declared](t *testing.T, column string, stored []string, all []T, orEmpty, every bool) {
	t.Helper()
	seen := map[T]bool{}
	for _, s := range stored {
		v := T(s)
		if !v.Valid() && !(orEmpty && s == "") {
			t.Errorf("%s holds %q, which is not a declared value", column, s)
		}
		seen[v] = true
	}
	for _, v := range all {
		if every && !seen[v] {
			t.Errorf("%s: declared %q was never stored (stored %v)", column, v, stored)
		}
	}
	if slices.ContainsFunc(all, func(v T) bool { return v == "" }) {
		t.Errorf("%s: the empty value is declared", column)
	}
}
