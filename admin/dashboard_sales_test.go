package admin_test

import (
	"net/http"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/orders"
)

func TestDashboardShowsStyledCountsAndSalesAfterRefunds(t *testing.T) {
	app := malltest.NewApp(t)
	s := newOrdShop(t, app, "acme", 20)
	ctx := t.Context()
	staff := orders.Actor{Kind: orders.ActorStaff, AccountID: s.owner.ID}
	// Paid: 2 × 12.50 + 4.50 = 29.50 and 13.00 + 4.50 = 17.50; one S
	// refunded (12.50). Unpaid: not a sale.
	a := s.place(t, app, "Ann", "ann@example.test", map[int64]int{s.s: 2})
	b := s.place(t, app, "Bo", "bo@example.test", map[int64]int{s.mv: 1})
	s.place(t, app, "Cy", "cy@example.test", map[int64]int{s.mv: 1})
	for _, o := range []*orders.Order{a, b} {
		if err := app.Orders.ConfirmOfflinePayment(ctx, s.m.ID, o.ID, staff); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.Payments.Refund(ctx, s.m.ID, a.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: a.Lines[0].ID, Quantity: 1}}, By: staff}); err != nil {
		t.Fatal(err)
	}
	p := s.b.Get("/admin")
	if p.Status != http.StatusOK {
		t.Fatalf("dashboard %d", p.Status)
	}
	// The counts use the stylesheet's classes.
	if p.Doc.Find(`dl.stat-grid[data-testid="dashboard-counts"] > div.stat`).Length() != 5 {
		t.Error("the counts are not styled as stat cards")
	}
	rows := p.Doc.Find(`[data-testid="sales-period"]`)
	if rows.Length() != 3 {
		t.Fatalf("%d sales periods, want today, 7 and 30 days", rows.Length())
	}
	for i := range 3 {
		row := rows.Eq(i)
		amount, count, avg := row.Find(`[data-testid="sales-amount"]`).Text(), row.Find(`[data-testid="sales-orders"]`).Text(), row.Find(`[data-testid="sales-average"]`).Text()
		if amount != "$34.50" || count != "2" || avg != "$17.25" {
			t.Errorf("period %d: %s in %s orders, average %s; want $34.50, 2, $17.25", i, amount, count, avg)
		}
	}
}
