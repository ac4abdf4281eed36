package reviews_test

import (
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
)

// TestOnlyTheOperatorRemovesAndAnotherDecidesTheAppeal: a report leaves
// the review up; removal needs an operator, a listed reason and a
// statement; the reviewer appeals once; the remover cannot decide the
// appeal; a restored review counts again; the log records it all.
func TestOnlyTheOperatorRemovesAndAnotherDecidesTheAppeal(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	other := f.merchant("bravo")
	buyer := f.account("buyer@example.test")
	clerk := f.account("clerk@example.test")
	f.staff(shop, clerk)
	op1, op2 := f.operator("op1@mall.test"), f.operator("op2@mall.test")
	pid, v := f.product(shop, "Tee", 0, 2000)
	r, err := f.reviews.Submit(ctx, buyer, f.order(buyer, v[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 1, Body: "Awful"})
	if err != nil {
		t.Fatal(err)
	}
	statement := "The review gives the delivery driver's phone number."

	if _, err := f.reviews.Report(ctx, shop, r.ID, clerk, "bad_rating", ""); key(err) != "reviews.error.reason" {
		t.Fatalf("report for an unlisted reason: %v", err)
	}
	if _, err := f.reviews.Report(ctx, other, r.ID, clerk, "spam_fake", ""); mall.ErrorCode(err) != mall.ENotFound {
		t.Fatalf("report by another shop: %v", err)
	}
	if _, err := f.reviews.Report(ctx, shop, r.ID, clerk, "personal_data", "It has a phone number"); err != nil {
		t.Fatal(err)
	}
	if agg, _ := f.reviews.ProductAggregate(ctx, shop, pid); agg.RatedCount != 1 {
		t.Fatal("a report took the review down")
	}
	queue, _ := f.reviews.QueueAcrossMall(ctx, 50)
	if len(queue) != 1 || len(queue[0].Reports) != 1 {
		t.Fatalf("queue %+v", queue)
	}

	cases := []struct {
		name              string
		by                int64
		reason, statement string
		key               string
	}{
		{"not an operator", clerk, "personal_data", statement, "reviews.error.operator_only"},
		{"unlisted reason", op1, "one_star", statement, "reviews.error.reason"},
		{"no statement", op1, "personal_data", "bad", "reviews.error.statement_required"},
	}
	for _, c := range cases {
		if err := f.reviews.Remove(ctx, c.by, r.ID, c.reason, c.statement); key(err) != c.key {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
	if err := f.reviews.Remove(ctx, op1, r.ID, "personal_data", statement); err != nil {
		t.Fatal(err)
	}
	got, _ := f.reviews.ReviewOfAccount(ctx, buyer, r.ID)
	if got.Status != reviews.StatusRemoved || got.RemovedStatement != statement {
		t.Fatalf("removed review %+v", got)
	}
	if agg, _ := f.reviews.ProductAggregate(ctx, shop, pid); agg.RatedCount != 0 || agg.ReviewCount != 0 {
		t.Fatalf("aggregate after removal %+v", agg)
	}
	if w, _ := f.reviews.Withheld(ctx, shop, pid); w["personal_data"] != 1 {
		t.Fatalf("withheld %v", w)
	}

	if err := f.reviews.Appeal(ctx, clerk, r.ID, "mine"); mall.ErrorCode(err) != mall.ENotFound {
		t.Fatalf("appeal by someone else: %v", err)
	}
	if err := f.reviews.Appeal(ctx, buyer, r.ID, "There is no number in it."); err != nil {
		t.Fatal(err)
	}
	if err := f.reviews.Appeal(ctx, buyer, r.ID, "Again"); key(err) != "reviews.error.appealed_once" {
		t.Fatalf("second appeal: %v", err)
	}
	if err := f.reviews.DecideAppeal(ctx, op1, r.ID, true, statement); key(err) != "reviews.error.same_operator" {
		t.Fatalf("appeal decided by the remover: %v", err)
	}
	if err := f.reviews.DecideAppeal(ctx, op2, r.ID, true, "On a second look the number is the shop's own."); err != nil {
		t.Fatal(err)
	}
	if agg, _ := f.reviews.ProductAggregate(ctx, shop, pid); agg.RatedCount != 1 || agg.Stars1 != 1 {
		t.Fatalf("aggregate after restoring %+v", agg)
	}
	tr, _ := f.reviews.TransparencyAcrossMall(ctx)
	if tr.Received != 1 || tr.Removed != 0 || tr.Reports != 1 || tr.ReportsByStatus[reviews.ReportUpheld] != 1 || tr.Appeals != 1 || tr.AppealsRestored != 1 {
		t.Fatalf("transparency %+v", tr)
	}
	if d, _ := f.reviews.Decisions(ctx, r.ID); len(d) != 2 || d[0].OperatorAccountID != op1 || d[1].OperatorAccountID != op2 {
		t.Fatalf("decisions %+v", d)
	}
	res := f.verify(nil)
	if !res.OK() || res.Size != 3 {
		t.Fatalf("log after removal and restoring: %+v", res)
	}
}

// TestEveryReasonHasItsWords keeps the page's list of reasons the
// domain's.
func TestEveryReasonHasItsWords(t *testing.T) {
	if len(templates.ReviewReasonKeys) != len(reviews.RemovalReasons) {
		t.Fatal("the pages list other reasons than the domain")
	}
	for i, r := range reviews.RemovalReasons {
		if templates.ReviewReasonKeys[i].Reason != r {
			t.Fatalf("reason %d: %s on the pages, %s in the domain", i, templates.ReviewReasonKeys[i].Reason, r)
		}
	}
}
