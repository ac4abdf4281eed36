package reviews_test

import (
	"testing"
	"time"

	"github.com/mall-project/mall/orders"
)

// TestTransparencyByMonth counts each month what happened in it, for the
// mall and for one shop.
func TestTransparencyByMonth(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	other := f.merchant("bravo")
	clerk := f.account("clerk@example.test")
	f.staff(shop, clerk)
	op1, op2 := f.operator("op1@mall.test"), f.operator("op2@mall.test")
	_, v := f.product(shop, "Tee", 0, 2000)
	_, ov := f.product(other, "Mug", 0, 900)
	a, b, c := f.account("a@example.test"), f.account("b@example.test"), f.account("c@example.test")
	statement := "The review gives the delivery driver's phone number."

	// March: two reviews in alpha, one in bravo; one reported.
	ra := f.review(a, f.order(a, v[0], 1, orders.StatusDelivered), text(0))
	rb := f.review(b, f.order(b, v[0], 1, orders.StatusDelivered), text(1))
	f.review(c, f.order(c, ov[0], 1, orders.StatusDelivered), text(2))
	if _, err := f.reviews.Report(ctx, shop, ra.ID, clerk, "personal_data", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.reviews.Report(ctx, shop, rb.ID, clerk, "spam_fake", ""); err != nil {
		t.Fatal(err)
	}
	// April: one removed (its report upheld), one report dismissed, an appeal.
	f.advance(32 * 24 * time.Hour)
	if err := f.reviews.Remove(ctx, op1, ra.ID, "personal_data", statement); err != nil {
		t.Fatal(err)
	}
	if err := f.reviews.DismissReports(ctx, op1, rb.ID, "The review describes the product and nothing else."); err != nil {
		t.Fatal(err)
	}
	if err := f.reviews.Appeal(ctx, a, ra.ID, "I removed nothing personal, please look again."); err != nil {
		t.Fatal(err)
	}
	// May: the appeal restores it.
	f.advance(31 * 24 * time.Hour)
	if err := f.reviews.DecideAppeal(ctx, op2, ra.ID, true, "The number is the shop's public line, not personal."); err != nil {
		t.Fatal(err)
	}

	mallRows, err := f.reviews.TransparencyByMonth(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(mallRows) != 3 || mallRows[0].Month != "2026-05" || mallRows[1].Month != "2026-04" || mallRows[2].Month != "2026-03" {
		t.Fatalf("months %+v", mallRows)
	}
	may, apr, mar := mallRows[0], mallRows[1], mallRows[2]
	if mar.Received != 3 || mar.Reports != 2 || mar.Removed != 0 {
		t.Errorf("March %+v", mar)
	}
	if apr.Removed != 1 || apr.RemovedByReason["personal_data"] != 1 || apr.ReportsUpheld != 1 || apr.ReportsDismissed != 1 || apr.Appeals != 1 || apr.Received != 0 {
		t.Errorf("April %+v", apr)
	}
	if may.AppealsRestored != 1 || may.AppealsUpheld != 0 {
		t.Errorf("May %+v", may)
	}
	shopRows, err := f.reviews.TransparencyByMonth(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if len(shopRows) != 1 || shopRows[0].Received != 1 || shopRows[0].Reports != 0 {
		t.Errorf("bravo %+v", shopRows)
	}
	shops, err := f.reviews.ShopsWithReviewsAcrossMall(ctx)
	if err != nil || len(shops) != 2 {
		t.Errorf("shops %v %v", shops, err)
	}
}
