package reviews_test

import (
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
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

// first reads the row id of T's table.
func first[T any](t *testing.T, db *gorm.DB, id int64) T {
	t.Helper()
	var row T
	if err := db.First(&row, id).Error; err != nil {
		t.Fatal(err)
	}
	return row
}

// TestEveryDeclaredReviewStatusRoundTrips: every declared review,
// appeal, report and case status is stored and read back as itself, and
// the checked columns refuse anything undeclared.
func TestEveryDeclaredReviewStatusRoundTrips(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	clerk := f.account("clerk@example.test")
	f.staff(shop, clerk)
	buyer := f.account("buyer@example.test")
	op := f.operator("op@mall.test")
	_, v := f.product(shop, "Tee", 0, 2000)
	o := f.order(buyer, v[0], 1, orders.StatusDelivered)
	r := f.review(buyer, o, text(0))
	rep, err := f.reviews.Report(ctx, shop, r.ID, clerk, "spam_fake", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.reviews.Remove(ctx, op, r.ID, "spam_fake", "The review was written by the shop's rival."); err != nil {
		t.Fatal(err)
	}
	c, err := f.reviews.ReportReward(ctx, buyer, o.ID, reviews.RewardReport{Body: offer})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.reviews.CloseRewardCase(ctx, op, c.ID, true, "The card in the parcel offers money for a review."); err != nil {
		t.Fatal(err)
	}
	var decision, caseDecision int64
	f.db.Raw(`SELECT MIN(id) FROM review_decisions WHERE review_id = ?`, r.ID).Scan(&decision)
	f.db.Raw(`SELECT MIN(id) FROM review_case_decisions WHERE case_id = ?`, c.ID).Scan(&caseDecision)
	if decision == 0 || caseDecision == 0 {
		t.Fatalf("decisions %d, %d", decision, caseDecision)
	}

	roundTrip(t, f.db, &reviews.Review{}, r.ID, "status", reviews.Statuses(), true,
		func() reviews.Status { return first[reviews.Review](t, f.db, r.ID).Status })
	roundTrip(t, f.db, &reviews.Review{}, r.ID, "appeal_status", reviews.AppealStatuses(), false,
		func() reviews.AppealStatus { return first[reviews.Review](t, f.db, r.ID).AppealStatus })
	roundTrip(t, f.db, &reviews.Report{}, rep.ID, "status", reviews.ReportStatuses(), true,
		func() reviews.ReportStatus { return first[reviews.Report](t, f.db, rep.ID).Status })
	roundTrip(t, f.db, &reviews.Decision{}, decision, "outcome", reviews.Statuses(), false,
		func() reviews.Status { return first[reviews.Decision](t, f.db, decision).Outcome })
	roundTrip(t, f.db, &reviews.RewardCase{}, c.ID, "status", reviews.CaseStatuses(), true,
		func() reviews.CaseStatus { return first[reviews.RewardCase](t, f.db, c.ID).Status })
	roundTrip(t, f.db, &reviews.CaseDecision{}, caseDecision, "outcome", reviews.CaseStatuses(), false,
		func() reviews.CaseStatus { return first[reviews.CaseDecision](t, f.db, caseDecision).Outcome })
}

// TestEveryStoredReviewStatusIsDeclared takes reviews, reports, appeals
// and cases through every way the store moves them, then reads back
// every status the tables hold: each is a declared one, and each one the
// store can reach was reached.
func TestEveryStoredReviewStatusIsDeclared(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	clerk := f.account("clerk@example.test")
	f.staff(shop, clerk)
	buyer := f.account("buyer@example.test")
	op1, op2 := f.operator("op1@mall.test"), f.operator("op2@mall.test")
	_, v := f.product(shop, "Tee", 0, 2000)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var orderIDs []int64
	review := func() int64 {
		t.Helper()
		o := f.order(buyer, v[0], 1, orders.StatusDelivered)
		orderIDs = append(orderIDs, o.ID)
		return f.review(buyer, o, text(len(orderIDs))).ID
	}
	report := func(id int64) {
		t.Helper()
		_, err := f.reviews.Report(ctx, shop, id, clerk, "spam_fake", "")
		must(err)
	}
	const why = "The review was written by the shop's rival, not a buyer."
	const appeal = "I bought the tee myself and wrote what I saw."
	remove := func(id int64) { t.Helper(); must(f.reviews.Remove(ctx, op1, id, "spam_fake", why)) }

	report(review()) // left up, its report open
	dismissed := review()
	report(dismissed)
	must(f.reviews.DismissReports(ctx, op1, dismissed, why))
	upheld := review() // reported, removed, appeal upheld
	report(upheld)
	remove(upheld)
	must(f.reviews.Appeal(ctx, buyer, upheld, appeal))
	must(f.reviews.DecideAppeal(ctx, op2, upheld, false, why))
	pending := review() // removed, appeal pending
	remove(pending)
	must(f.reviews.Appeal(ctx, buyer, pending, appeal))
	restored := review() // removed, then restored on appeal
	remove(restored)
	must(f.reviews.Appeal(ctx, buyer, restored, appeal))
	must(f.reviews.DecideAppeal(ctx, op2, restored, true, why))
	for i, founded := range []bool{true, false} {
		c, err := f.reviews.ReportReward(ctx, buyer, orderIDs[i], reviews.RewardReport{Body: offer})
		must(err)
		must(f.reviews.CloseRewardCase(ctx, op1, c.ID, founded, why))
	}
	_, err := f.reviews.ReportReward(ctx, buyer, orderIDs[2], reviews.RewardReport{Body: offer})
	must(err)

	stored := func(table, column string) []string {
		t.Helper()
		var vs []string
		if err := f.db.Raw(`SELECT DISTINCT ` + column + ` FROM ` + table).Scan(&vs).Error; err != nil {
			t.Fatal(err)
		}
		return vs
	}
	check(t, "reviews.status", stored("reviews", "status"), reviews.Statuses())
	check(t, "reviews.appeal_status", stored("reviews", "appeal_status"), reviews.AppealStatuses())
	check(t, "review_reports.status", stored("review_reports", "status"), reviews.ReportStatuses())
	check(t, "review_decisions.outcome", stored("review_decisions", "outcome"), reviews.Statuses())
	check(t, "review_reward_cases.status", stored("review_reward_cases", "status"), reviews.CaseStatuses())
	// A decision closes a case: none leaves it open.
	check(t, "review_case_decisions.outcome", stored("review_case_decisions", "outcome"),
		[]reviews.CaseStatus{reviews.CaseFounded, reviews.CaseUnfounded})
}

// check fails for a stored value that is not declared, and for a value
// of reached never stored.
func check[T declared](t *testing.T, column string, stored []string, reached []T) {
	t.Helper()
	seen := map[T]bool{}
	for _, s := range stored {
		if !T(s).Valid() {
			t.Errorf("%s holds %q, which is not a declared value", column, s)
		}
		seen[T(s)] = true
	}
	for _, v := range reached {
		if !seen[v] {
			t.Errorf("%s: declared %q was never stored (stored %v)", column, v, stored)
		}
	}
}
