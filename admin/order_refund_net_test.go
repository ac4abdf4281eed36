package admin_test

import (
	"fmt"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/orders"
)

func TestAfterARefundTheOrderShowsNetAndTheSlipLeavesItOut(t *testing.T) {
	app := malltest.NewApp(t)
	s := newOrdShop(t, app, "acme", 20)
	ctx := t.Context()
	staff := orders.Actor{Kind: orders.ActorStaff, AccountID: s.owner.ID}
	o := s.place(t, app, "Ann", "ann@example.test", map[int64]int{s.s: 2, s.mv: 1})
	if err := app.Orders.ConfirmOfflinePayment(ctx, s.m.ID, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	var sLine, mLine orders.OrderLine
	for _, l := range o.Lines {
		if l.VariantID == s.s {
			sLine = l
		} else {
			mLine = l
		}
	}
	// 2 × 12.50 + 13.00 + 4.50 = 42.50; the M (13.00) is refunded whole,
	// one S of two.
	if _, err := app.Payments.Refund(ctx, s.m.ID, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: mLine.ID, Quantity: 1}, {LineID: sLine.ID, Quantity: 1}}, By: staff}); err != nil {
		t.Fatal(err)
	}
	got, _ := app.Orders.OrderInMerchant(ctx, s.m.ID, o.ID)
	p := s.b.Get(orderPath(o, ""))
	if p.Text(`[data-testid="order-refunded"]`) != "$25.50" || p.Text(`[data-testid="order-net"]`) != "$17.00" {
		t.Errorf("refunded %q net %q, want $25.50 and $17.00", p.Text(`[data-testid="order-refunded"]`), p.Text(`[data-testid="order-net"]`))
	}
	// The shop keeps its share of what stays paid: the share of 42.50 less
	// the share of 25.50, each after the mall's commission in proportion.
	commissionOn := func(amount int64) int64 { return (amount*got.CommissionAmount + got.Total/2) / got.Total }
	want := (4250 - commissionOn(4250)) - (2550 - commissionOn(2550))
	if share, w := p.Text(`[data-testid="order-net-share"]`), fmt.Sprintf("$%d.%02d", want/100, want%100); share != w {
		t.Errorf("net share %q, want %s (commission %d)", share, w, got.CommissionAmount)
	}

	slip := s.b.Get(orderPath(o, "packing-slip"))
	lines := slip.Doc.Find(`[data-testid="slip-line"]`)
	if lines.Length() != 1 || lines.Find(`[data-testid="slip-sku"]`).Text() != "TS-S" || lines.Find(`[data-testid="slip-quantity"]`).Text() != "1" {
		t.Errorf("slip lines %d: %q", lines.Length(), lines.Text())
	}
	if btn := slip.Doc.Find(`button[data-print][hidden]`); btn.Length() != 1 || slip.Doc.Find(`script[src*="print"]`).Length() != 1 {
		t.Error("no print button for the script to show")
	}
}
