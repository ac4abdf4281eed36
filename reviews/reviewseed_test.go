package reviews_test

import (
	"testing"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/reviews/reviewseed"
)

// TestSeededReviewsAreWhatSubmitsWrite: the benchmarks' bulk reviews
// (reviews/reviewseed) are the rows real submits write: the log they
// make verifies, with every review matching its last leaf; real submits
// and removals go on appending to it; and the aggregates are a recount of
// the reviews. The product list counts from the aggregate, so its total
// must follow a removal too.
func TestSeededReviewsAreWhatSubmitsWrite(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	buyer := f.account("buyer@example.test")
	busy, busyV := f.product(shop, "Busy", 0, 1500)
	quiet, quietV := f.product(shop, "Quiet", 0, 1500)
	op := f.operator("op@mall.test")

	// A real review first, so the seed appends to a log that has one.
	first, err := f.reviews.Submit(ctx, buyer, f.order(buyer, busyV[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 2, Body: "Late"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := reviewseed.Write(ctx, f.db, []reviewseed.Target{
		{MerchantID: shop, ProductID: busy, VariantID: busyV[0], Count: 2500},
		{MerchantID: shop, ProductID: quiet, VariantID: quietV[0], Count: 30},
	}, reviewseed.Options{End: f.clock(), ReplyEvery: 7})
	if err != nil || n != 2530 {
		t.Fatalf("seeded %d: %v", n, err)
	}
	// A real submit and a removal after the seed, in the same log.
	last, err := f.reviews.Submit(ctx, buyer, f.order(buyer, quietV[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 5, Title: "Good"})
	if err != nil {
		t.Fatal(err)
	}
	if last.LeafIndex != 2531 {
		t.Errorf("the review after the seed is leaf %d, want 2531", last.LeafIndex)
	}
	if err := f.reviews.Remove(ctx, op, first.ID, "personal_data", "The review names the courier's home address."); err != nil {
		t.Fatal(err)
	}

	if _, err := f.reviews.Edit(ctx, buyer, last.ID, reviews.Input{Rating: 4, Title: "Good, a little small"}); err != nil {
		t.Fatal(err)
	}

	res := f.verify(nil)
	if !res.OK() {
		t.Fatalf("log: %v", res.Problems[:min(5, len(res.Problems))])
	}
	if res.Size != 2534 || res.Reviews != 2532 {
		t.Errorf("log of %d leaves, %d reviews; want 2534 and 2532", res.Size, res.Reviews)
	}
	if got := f.count("review_versions", ""); got != 2533 {
		t.Errorf("%d versions, want one per review and the edit (2533)", got)
	}
	if got := f.count("review_replies", ""); got == 0 || got != f.count("review_reply_versions", "") {
		t.Errorf("%d replies, %d reply versions", got, f.count("review_reply_versions", ""))
	}

	type agg struct{ Rated, Sum, S1, S2, S3, S4, S5, All int64 }
	recount := func(where string, args ...any) agg {
		var a agg
		f.db.Raw(`SELECT COUNT(*) AS rated, COALESCE(SUM(rating), 0) AS sum,
			COALESCE(SUM(CASE WHEN rating = 1 THEN 1 ELSE 0 END), 0) AS s1,
			COALESCE(SUM(CASE WHEN rating = 2 THEN 1 ELSE 0 END), 0) AS s2,
			COALESCE(SUM(CASE WHEN rating = 3 THEN 1 ELSE 0 END), 0) AS s3,
			COALESCE(SUM(CASE WHEN rating = 4 THEN 1 ELSE 0 END), 0) AS s4,
			COALESCE(SUM(CASE WHEN rating = 5 THEN 1 ELSE 0 END), 0) AS s5
			FROM reviews WHERE status = ? AND verified = ? AND deep_discount = ? AND incentivized = ? AND `+where,
			append([]any{reviews.StatusPublished, true, false, false}, args...)...).Scan(&a)
		f.db.Raw(`SELECT COUNT(*) FROM reviews WHERE status = ? AND `+where, append([]any{reviews.StatusPublished}, args...)...).Scan(&a.All)
		return a
	}
	for _, pid := range []int64{busy, quiet, 0} {
		got, err := f.reviews.ProductAggregate(ctx, shop, pid)
		if err != nil {
			t.Fatal(err)
		}
		want := recount("merchant_id = ?", shop)
		if pid != 0 {
			want = recount("merchant_id = ? AND product_id = ?", shop, pid)
		}
		have := agg{got.RatedCount, got.RatingSum, got.Stars1, got.Stars2, got.Stars3, got.Stars4, got.Stars5, got.ReviewCount}
		if have != want {
			t.Errorf("product %d: aggregate %+v, the reviews say %+v", pid, have, want)
		}
		if pid == busy && (want.All != 2500 || want.Rated == 0 || want.Rated == want.All) {
			t.Errorf("busy product: %+v (want 2500 published, some incentivised)", want)
		}
	}

	// The list's total: the aggregate's count without a filter, a count
	// with one; both leave the removed review out.
	list, total, err := f.reviews.ProductReviews(ctx, shop, busy, reviews.Filter{PerPage: 10})
	if err != nil || total != 2500 || len(list) != 10 {
		t.Fatalf("busy list: %d of %d, %v", len(list), total, err)
	}
	for i := 1; i < len(list); i++ {
		if list[i].CreatedAt.After(list[i-1].CreatedAt) {
			t.Fatalf("list not newest first at %d", i)
		}
	}
	_, fives, err := f.reviews.ProductReviews(ctx, shop, busy, reviews.Filter{Stars: 5})
	if want := f.count("reviews", "product_id = ? AND status = ? AND rating = 5", busy, reviews.StatusPublished); err != nil || fives != want {
		t.Errorf("five-star total %d, want %d (%v)", fives, want, err)
	}
	_, twos, _ := f.reviews.ProductReviews(ctx, shop, busy, reviews.Filter{Stars: 2})
	if want := f.count("reviews", "product_id = ? AND status = ? AND rating = 2", busy, reviews.StatusPublished); twos != want {
		t.Errorf("two-star total %d, want %d (the removed one left out)", twos, want)
	}
}

// TestProductListLoadsTheHistoryOfEditedReviewsOnly: the list reads the
// versions of edited reviews and replies only; the others are their own
// only version, and every reply comes with its review.
func TestProductListLoadsTheHistoryOfEditedReviewsOnly(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	buyer := f.account("buyer@example.test")
	pid, v := f.product(shop, "Tea", 0, 1500)
	var written []*reviews.Review
	for i := range 3 {
		r, err := f.reviews.Submit(ctx, buyer, f.order(buyer, v[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 3 + i, Title: "First"})
		if err != nil {
			t.Fatal(err)
		}
		written = append(written, r)
	}
	if _, err := f.reviews.Edit(ctx, buyer, written[0].ID, reviews.Input{Rating: 1, Title: "Second"}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{"Thank you", "Thank you, and sorry"} {
		if _, err := f.reviews.SaveReply(ctx, shop, written[1].ID, 1, body); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.reviews.SaveReply(ctx, shop, written[2].ID, 1, "Glad you like it"); err != nil {
		t.Fatal(err)
	}
	list, total, err := f.reviews.ProductReviews(ctx, shop, pid, reviews.Filter{})
	if err != nil || total != 3 || len(list) != 3 {
		t.Fatalf("%d of %d: %v", len(list), total, err)
	}
	by := map[int64]reviews.Review{}
	for _, r := range list {
		by[r.ID] = r
	}
	edited := by[written[0].ID]
	if len(edited.Versions) != 2 || edited.Versions[0].Title != "First" || edited.Versions[1].Title != "Second" || edited.Reply != nil {
		t.Errorf("edited review: versions %+v, reply %+v", edited.Versions, edited.Reply)
	}
	replied := by[written[1].ID]
	if len(replied.Versions) != 0 || replied.Reply == nil || len(replied.Reply.Versions) != 2 || replied.Reply.Versions[0].Body != "Thank you" {
		t.Errorf("review with an edited reply: %+v", replied)
	}
	once := by[written[2].ID]
	if once.Reply == nil || once.Reply.Body != "Glad you like it" || len(once.Reply.Versions) != 0 {
		t.Errorf("review with one reply: %+v", once.Reply)
	}
	// The shop's own list reads the same way.
	mine, _, err := f.reviews.MerchantReviews(ctx, shop, reviews.Filter{})
	if err != nil || len(mine) != 3 {
		t.Fatalf("merchant list: %d, %v", len(mine), err)
	}
	for _, r := range mine {
		if (r.ID == written[0].ID) != (len(r.Versions) == 2) {
			t.Errorf("merchant list: review %d has %d versions", r.ID, len(r.Versions))
		}
	}
}
