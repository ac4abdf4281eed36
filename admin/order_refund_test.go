package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

func TestRefundsPartThenAll(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 10)
	o := shop.place(t, app, "Ada", "ada@example.test", map[int64]int{shop.s: 2, shop.mv: 1})
	sLine, mLine := o.Lines[0], o.Lines[1]
	if sLine.SKU != "TS-S" {
		sLine, mLine = mLine, sLine
	}
	shop.b.Post(orderPath(o, "confirm-payment"), nil)
	field := func(l orders.OrderLine) string { return "refund." + itoa(l.ID) }

	p := shop.b.Get(orderPath(o, ""))
	if p.Doc.Find(`[data-testid="refund-form"]`).Length() != 1 {
		t.Fatal("no refund form on a paid order")
	}
	if max := p.Doc.Find(`#field-refund\.`+itoa(sLine.ID)).AttrOr("max", ""); max != "2" {
		t.Errorf("refund input max %q", max)
	}

	// More than bought: refused beside the line, and nothing changes.
	before := shop.order(t, app, o.ID)
	p = shop.b.Post(orderPath(o, "refund"), url.Values{field(sLine): {"3"}, field(mLine): {"1"}, "reason": {"Too many"}})
	if p.Status != 422 {
		t.Fatalf("refund too many: %d", p.Status)
	}
	if msg := p.Text(`#field-refund\.` + itoa(sLine.ID) + `-error`); !strings.Contains(msg, "At most 2") {
		t.Errorf("message %q", msg)
	}
	if p.Doc.Find(`#field-refund\.`+itoa(sLine.ID)).AttrOr("value", "") != "3" || p.Doc.Find(`#field-reason`).Text() != "Too many" {
		t.Error("refund input not kept")
	}
	after := shop.order(t, app, o.ID)
	if after.RefundedAmount != 0 || len(after.Refunds) != 0 || after.Lines[0].RefundedQuantity != 0 || after.Status != before.Status {
		t.Fatalf("a refused refund changed the order: %+v", after)
	}
	if p := shop.b.Post(orderPath(o, "refund"), url.Values{field(sLine): {"0"}}); p.Status != 422 || p.Text(`[data-testid="refund-error"]`) == "" {
		t.Errorf("empty refund: %d", p.Status)
	}
	if p := shop.b.Post(orderPath(o, "refund"), url.Values{field(sLine): {"-1"}}); p.Status != 422 {
		t.Errorf("negative refund: %d", p.Status)
	}

	// One tee of size S back: recorded (offline), partially refunded.
	p = shop.b.Post(orderPath(o, "refund"), url.Values{field(sLine): {"1"}, "reason": {"Torn seam"}})
	if p.Status != 303 {
		t.Fatalf("partial refund: %d\n%s", p.Status, p.Text(`[data-testid="order-problem"]`))
	}
	got := shop.order(t, app, o.ID)
	if got.RefundedAmount != 1250 || got.Status != orders.StatusPaid || !got.PartiallyRefunded() {
		t.Fatalf("after partial refund: refunded %d, status %s", got.RefundedAmount, got.Status)
	}
	p = shop.b.Get(orderPath(o, ""))
	if p.Doc.Find(`[data-testid="badge-partially-refunded"]`).Length() != 1 {
		t.Error("no partially refunded badge on the order")
	}
	if got := p.Text(`[data-testid="refund"] [data-testid="refund-amount"]`); got != "$12.50" {
		t.Errorf("refund shown %q", got)
	}
	if !strings.Contains(p.Text(`[data-testid="refund"]`), "Torn seam") || !strings.Contains(p.Text(`[data-testid="refund"]`), "1 × Tee") {
		t.Errorf("refund text %q", p.Text(`[data-testid="refund"]`))
	}
	if max := p.Doc.Find(`#field-refund\.`+itoa(sLine.ID)).AttrOr("max", ""); max != "1" {
		t.Errorf("refundable left %q", max)
	}
	if list := shop.b.Get("/admin/orders"); list.Doc.Find(`[data-testid="order-row"] [data-testid="badge-partially-refunded"]`).Length() != 1 {
		t.Error("no partially refunded badge in the list")
	}

	// The shipping on its own; a second time is refused, saying why.
	if p := shop.b.Post(orderPath(o, "refund"), url.Values{"refund_shipping": {"1"}}); p.Status != 303 {
		t.Fatalf("shipping refund: %d", p.Status)
	}
	p = shop.b.Post(orderPath(o, "refund"), url.Values{"refund_shipping": {"1"}})
	if p.Status != 422 || !strings.Contains(p.Text(`[data-testid="refund-error"]`), "already been refunded") {
		t.Errorf("shipping refunded twice: %d %q", p.Status, p.Text(`[data-testid="refund-error"]`))
	}
	if got := shop.order(t, app, o.ID); got.RefundedAmount != 1250+450 {
		t.Fatalf("refunded %d after the shipping", got.RefundedAmount)
	}

	// The rest: refunded in full.
	p = shop.b.Post(orderPath(o, "refund"), url.Values{field(sLine): {"1"}, field(mLine): {"1"}})
	if p.Status != 303 {
		t.Fatalf("full refund: %d\n%s", p.Status, p.Text(`[data-testid="order-problem"]`))
	}
	got = shop.order(t, app, o.ID)
	if got.Status != orders.StatusRefunded || got.RefundedAmount != got.Total {
		t.Fatalf("after full refund: %s, refunded %d of %d", got.Status, got.RefundedAmount, got.Total)
	}
	p = shop.b.Get(orderPath(o, ""))
	if p.Text(`[data-testid="order-status"]`) != "Refunded" || p.Doc.Find(`[data-testid="badge-partially-refunded"], [data-testid="refund-form"]`).Length() != 0 {
		t.Errorf("refunded page: %q", p.Text(`[data-testid="order-status"]`))
	}
	if n := p.Doc.Find(`[data-testid="refund"]`).Length(); n != 3 {
		t.Errorf("%d refunds listed", n)
	}
	// Nothing is left to refund.
	if p := shop.b.Post(orderPath(o, "refund"), url.Values{field(sLine): {"1"}}); p.Status != 422 && p.Status != 409 {
		t.Errorf("refund after full refund: %d", p.Status)
	}
}

func TestClerksDoNotRefund(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 10)
	o := shop.place(t, app, "Ada", "ada@example.test", map[int64]int{shop.s: 1})
	shop.b.Post(orderPath(o, "confirm-payment"), nil)
	clerk := shop.staffBrowser(t, app, merchants.RoleClerk)
	if p := clerk.Get(orderPath(o, "")); p.Doc.Find(`[data-testid="refund-form"]`).Length() != 0 {
		t.Error("clerk offered the refund form")
	}
	if p := clerk.Post(orderPath(o, "refund"), url.Values{"refund." + itoa(o.Lines[0].ID): {"1"}}); p.Status != 403 {
		t.Errorf("clerk refund: %d", p.Status)
	}
	if got := shop.order(t, app, o.ID); got.RefundedAmount != 0 || len(got.Refunds) != 0 {
		t.Errorf("clerk refunded %d", got.RefundedAmount)
	}
}
