package reviews_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

const offer = "The shop put a card in the parcel: 5 dollars back for a 5-star review."

// TestReportRewardRefusesBadInput: no order, someone else's order, an
// unpaid one, too little text or a photo the media checks refuse file no
// case and store no photo.
func TestReportRewardRefusesBadInput(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	buyer := f.account("buyer@example.test")
	stranger := f.account("stranger@example.test")
	o := f.order(buyer, v[0], 1, orders.StatusDelivered)
	unpaid := f.order(buyer, v[0], 1, orders.StatusPendingPayment)
	saved := 0
	photo := func(ctx context.Context) (string, error) { saved++; return "abc-jpg", nil }
	refused := func(ctx context.Context) (string, error) {
		return "", &mall.Error{Code: mall.EInvalid, Key: "media.error.unsupported_type"}
	}
	for _, tc := range []struct {
		name    string
		account int64
		order   int64
		in      reviews.RewardReport
		key     string
	}{
		{"no such order", buyer, 999999, reviews.RewardReport{Body: offer, Photo: photo}, "error.not_found"},
		{"someone else's order", stranger, o.ID, reviews.RewardReport{Body: offer, Photo: photo}, "error.not_found"},
		{"never paid", buyer, unpaid.ID, reviews.RewardReport{Body: offer, Photo: photo}, "error.not_found"},
		{"no text", buyer, o.ID, reviews.RewardReport{Body: "  money ", Photo: photo}, "reviews.error.case_text_required"},
		{"text too long", buyer, o.ID, reviews.RewardReport{Body: strings.Repeat("钱", reviews.MaxCaseText+1), Photo: photo}, "reviews.error.statement_too_long"},
		{"photo refused", buyer, o.ID, reviews.RewardReport{Body: offer, Photo: refused}, "media.error.unsupported_type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.reviews.ReportReward(ctx, tc.account, tc.order, tc.in)
			if key(err) != tc.key {
				t.Fatalf("error %v (key %q), want %q", err, key(err), tc.key)
			}
			if tc.name == "photo refused" && mall.Fields(err)["photo"] == nil {
				t.Errorf("the photo's error is not on the photo field: %v", err)
			}
		})
	}
	if saved != 0 {
		t.Errorf("%d photos stored for refused reports", saved)
	}
	if n := f.count("review_reward_cases", ""); n != 0 {
		t.Errorf("%d cases filed", n)
	}
}

// TestRewardCaseIsClosedWithAStatementAndWeighsOnTheShop: a case filed
// by a buyer (signed in, or a guest through the order) goes to the
// operator; an operator closes it once, with a statement, logged; open
// and founded cases count in the shop's signals, unfounded ones do not.
func TestRewardCaseIsClosedWithAStatementAndWeighsOnTheShop(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	buyer := f.account("buyer@example.test")
	op := f.operator("op@example.test")
	o := f.order(buyer, v[0], 1, orders.StatusDelivered)
	f.advance(time.Hour)
	r := f.review(buyer, o, text(0))
	c, err := f.reviews.ReportReward(ctx, buyer, o.ID, reviews.RewardReport{Body: offer,
		Photo: func(context.Context) (string, error) { return "0123-jpg", nil }})
	if err != nil {
		t.Fatal(err)
	}
	if c.MerchantID != shop || c.PhotoKey != "0123-jpg" || c.Status != reviews.CaseOpen {
		t.Fatalf("case %+v", c)
	}
	guestOrder := f.order(0, v[0], 1, orders.StatusDelivered)
	if _, err := f.reviews.ReportRewardAsGuest(ctx, guestOrder, reviews.RewardReport{Body: offer}); err != nil {
		t.Fatal(err)
	}
	open, _, err := f.reviews.RewardCasesAcrossMall(ctx, 50)
	if err != nil || len(open) != 2 {
		t.Fatalf("open cases %d %v", len(open), err)
	}
	sig := f.signals(shop, r.ID)
	if s := signal(sig[r.ID], reviews.SignalRewardCases); s == nil || s.N != 2 {
		t.Fatalf("two open cases: %v", codes(sig[r.ID]))
	}

	if err := f.reviews.CloseRewardCase(ctx, buyer, c.ID, true, "The card in the parcel offers money for a review."); key(err) != "reviews.error.operator_only" {
		t.Errorf("a shopper closed a case: %v", err)
	}
	if err := f.reviews.CloseRewardCase(ctx, op, c.ID, true, "short"); key(err) != "reviews.error.statement_required" {
		t.Errorf("closed without a statement: %v", err)
	}
	if err := f.reviews.CloseRewardCase(ctx, op, c.ID, false, "The photo shows a loyalty card, not an offer for a review."); err != nil {
		t.Fatal(err)
	}
	if err := f.reviews.CloseRewardCase(ctx, op, c.ID, true, "Closing it a second time should not be possible."); key(err) != "reviews.error.case_closed" {
		t.Errorf("closed twice: %v", err)
	}
	d, err := f.reviews.CaseDecisions(ctx, c.ID)
	if err != nil || len(d) != 1 || d[0].Outcome != reviews.CaseUnfounded || d[0].OperatorAccountID != op {
		t.Fatalf("decisions %+v %v", d, err)
	}
	sig = f.signals(shop, r.ID)
	if s := signal(sig[r.ID], reviews.SignalRewardCases); s == nil || s.N != 1 {
		t.Errorf("one open case left after an unfounded one: %v", codes(sig[r.ID]))
	}
	if got, _ := f.reviews.ReviewAcrossMall(ctx, r.ID); got.Status != reviews.StatusPublished {
		t.Error("a case changed the review")
	}
}
