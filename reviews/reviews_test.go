package reviews_test

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

func good() reviews.Input { return reviews.Input{Rating: 5, Title: "Lovely", Body: "Fits well."} }

// TestWhoMayReview refuses every review the rules do not allow, with its
// reason, and changes nothing.
func TestWhoMayReview(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	other := f.merchant("bravo")
	buyer := f.account("buyer@example.test")
	stranger := f.account("stranger@example.test")
	clerk := f.account("clerk@example.test")
	f.staff(shop, clerk)
	_, v := f.product(shop, "Tee", 0, 2000)
	_, ov := f.product(other, "Mug", 0, 900)

	delivered := f.order(buyer, v[0], 1, orders.StatusDelivered)
	pending := f.order(buyer, v[0], 1, orders.StatusPendingPayment)
	paid := f.order(buyer, v[0], 1, orders.StatusPaid)
	shipped := f.order(buyer, v[0], 1, orders.StatusShipped)
	refunded := f.order(buyer, v[0], 1, orders.StatusDelivered)
	f.refund(refunded, 1)
	guest := f.order(0, v[0], 1, orders.StatusDelivered)
	staffOwn := f.order(clerk, v[0], 1, orders.StatusDelivered)
	otherShop := f.order(buyer, ov[0], 1, orders.StatusDelivered)

	cases := []struct {
		name    string
		account int64
		line    int64
		in      reviews.Input
		code    string
		key     string
	}{
		{"no such line", buyer, 999999, good(), mall.ENotFound, "error.not_found"},
		{"someone else's line", stranger, delivered.Lines[0].ID, good(), mall.ENotFound, "error.not_found"},
		{"a guest's line, signed in as another", buyer, guest.Lines[0].ID, good(), mall.ENotFound, "error.not_found"},
		{"not paid", buyer, pending.Lines[0].ID, good(), mall.EConflict, "reviews.error.not_paid"},
		{"paid, not shipped", buyer, paid.Lines[0].ID, good(), mall.EConflict, "reviews.error.not_delivered"},
		{"shipped, not delivered", buyer, shipped.Lines[0].ID, good(), mall.EConflict, "reviews.error.not_delivered"},
		{"refunded", buyer, refunded.Lines[0].ID, good(), mall.EConflict, "reviews.error.refunded"},
		{"staff of the shop", clerk, staffOwn.Lines[0].ID, good(), mall.EForbidden, "reviews.error.staff"},
		{"rating 0", buyer, delivered.Lines[0].ID, reviews.Input{Rating: 0}, mall.EInvalid, "reviews.error.rating"},
		{"rating 6", buyer, delivered.Lines[0].ID, reviews.Input{Rating: 6}, mall.EInvalid, "reviews.error.rating"},
		{"title too long", buyer, delivered.Lines[0].ID, reviews.Input{Rating: 4, Title: strings.Repeat("x", reviews.MaxTitle+1)}, mall.EInvalid, "reviews.error.title_too_long"},
		{"text too long", buyer, delivered.Lines[0].ID, reviews.Input{Rating: 4, Body: strings.Repeat("字", reviews.MaxBody+1)}, mall.EInvalid, "reviews.error.body_too_long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.reviews.Submit(ctx, c.account, c.line, c.in)
			if mall.ErrorCode(err) != c.code || key(err) != c.key {
				t.Fatalf("got %v (%s, %s), want %s %s", err, mall.ErrorCode(err), key(err), c.code, c.key)
			}
			if n := f.count("reviews", ""); n != 0 {
				t.Fatalf("%d reviews written", n)
			}
			if size, _ := f.reviews.LogSize(ctx); size != 0 {
				t.Fatalf("log grew to %d", size)
			}
		})
	}

	r, err := f.reviews.Submit(ctx, buyer, delivered.Lines[0].ID, good())
	if err != nil {
		t.Fatal(err)
	}
	if !r.Verified || !r.Counted() || r.LeafIndex != 0 || r.Version != 1 {
		t.Fatalf("review %+v", r)
	}
	if _, err := f.reviews.Submit(ctx, buyer, delivered.Lines[0].ID, good()); key(err) != "reviews.error.already_reviewed" {
		t.Fatalf("second review: %v", err)
	}
	if _, err := f.reviews.Submit(ctx, buyer, otherShop.Lines[0].ID, reviews.Input{Rating: 2, Body: "<script>alert(1)</script>"}); err != nil {
		t.Fatalf("review of the other shop's line: %v", err)
	}
	if n := f.count("reviews", ""); n != 2 {
		t.Fatalf("%d reviews", n)
	}
	agg, _ := f.reviews.ProductAggregate(ctx, shop, r.ProductID)
	if agg.RatedCount != 1 || agg.Stars5 != 1 || agg.AverageTenths() != 50 {
		t.Fatalf("aggregate %+v", agg)
	}
}

// TestDiscountAndIncentiveStayOutOfTheRating: a line bought at half the
// compare-at price or less, or for nothing, and a review that declares an
// incentive, are shown but not counted.
func TestDiscountAndIncentiveStayOutOfTheRating(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	buyer := f.account("buyer@example.test")
	pid, v := f.product(shop, "Tee", 4000, 2000, 2100)
	half := f.order(buyer, v[0], 1, orders.StatusDelivered)
	normal := f.order(buyer, v[1], 1, orders.StatusDelivered)
	bribed := f.order(buyer, v[1], 1, orders.StatusDelivered)

	r1, err := f.reviews.Submit(ctx, buyer, half.Lines[0].ID, reviews.Input{Rating: 5})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := f.reviews.Submit(ctx, buyer, normal.Lines[0].ID, reviews.Input{Rating: 3})
	if err != nil {
		t.Fatal(err)
	}
	r3, err := f.reviews.Submit(ctx, buyer, bribed.Lines[0].ID, reviews.Input{Rating: 5, Incentivized: true})
	if err != nil {
		t.Fatal(err)
	}
	if !r1.DeepDiscount || r1.Counted() || r2.DeepDiscount || !r2.Counted() || r3.Counted() {
		t.Fatalf("marks: %+v %+v %+v", r1, r2, r3)
	}
	agg, _ := f.reviews.ProductAggregate(ctx, shop, pid)
	if agg.RatedCount != 1 || agg.RatingSum != 3 || agg.ReviewCount != 3 {
		t.Fatalf("aggregate %+v", agg)
	}
}

// TestEditKeepsEveryVersion: edits within 90 days make new versions,
// each logged; after that the review is closed.
func TestEditKeepsEveryVersion(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	buyer := f.account("buyer@example.test")
	stranger := f.account("stranger@example.test")
	pid, v := f.product(shop, "Tee", 0, 2000)
	o := f.order(buyer, v[0], 1, orders.StatusDelivered)
	r, err := f.reviews.Submit(ctx, buyer, o.Lines[0].ID, reviews.Input{Rating: 2, Body: "Too small"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.reviews.Edit(ctx, stranger, r.ID, reviews.Input{Rating: 1}); mall.ErrorCode(err) != mall.ENotFound {
		t.Fatalf("stranger's edit: %v", err)
	}
	f.advance(3 * 24 * time.Hour)
	if _, err := f.reviews.Edit(ctx, buyer, r.ID, reviews.Input{Rating: 4, Body: "Swapped for a larger one, fine now"}); err != nil {
		t.Fatal(err)
	}
	got, err := f.reviews.ReviewOfAccount(ctx, buyer, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || len(got.Versions) != 2 || got.Versions[0].Rating != 2 || got.Versions[1].Rating != 4 {
		t.Fatalf("versions: %+v", got.Versions)
	}
	agg, _ := f.reviews.ProductAggregate(ctx, shop, pid)
	if agg.RatedCount != 1 || agg.Stars2 != 0 || agg.Stars4 != 1 {
		t.Fatalf("aggregate %+v", agg)
	}
	f.advance(reviews.EditWindow)
	if _, err := f.reviews.Edit(ctx, buyer, r.ID, reviews.Input{Rating: 5}); key(err) != "reviews.error.edit_window" {
		t.Fatalf("late edit: %v", err)
	}
	if size, _ := f.reviews.LogSize(ctx); size != 2 {
		t.Fatalf("log size %d", size)
	}
}

// TestRefundDeverifiesInTheSameTransaction: a refund of the line takes
// the review out of the rating, saying why; when the review's side fails
// the refund does not complete either.
func TestRefundDeverifiesInTheSameTransaction(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	buyer := f.account("buyer@example.test")
	pid, v := f.product(shop, "Tee", 0, 2000)
	o := f.order(buyer, v[0], 2, orders.StatusDelivered)
	r, err := f.reviews.Submit(ctx, buyer, o.Lines[0].ID, reviews.Input{Rating: 5})
	if err != nil {
		t.Fatal(err)
	}

	// Break the log: the refund's transaction must fail as a whole.
	if err := f.db.Exec(`DELETE FROM review_log_state`).Error; err != nil {
		t.Fatal(err)
	}
	ref, err := f.orders.PrepareRefund(ctx, shop, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 1}}, By: staffActor})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.orders.CompleteRefund(ctx, shop, ref.ID, "re_1", "", staffActor); err == nil {
		t.Fatal("refund completed while the review could not be de-verified")
	}
	if n := f.count("refunds", "status = ?", orders.RefundSucceeded); n != 0 {
		t.Fatalf("%d refunds succeeded", n)
	}
	if n := f.count("reviews", "verified = ?", true); n != 1 {
		t.Fatal("review changed")
	}
	if err := f.db.Exec(`INSERT INTO review_log_state (id, size) VALUES (1, 1)`).Error; err != nil {
		t.Fatal(err)
	}
	if err := f.orders.CompleteRefund(ctx, shop, ref.ID, "re_1", "", staffActor); err != nil {
		t.Fatal(err)
	}
	got, _ := f.reviews.ReviewOfAccount(ctx, buyer, r.ID)
	if got.Verified || got.UnverifiedReason != reviews.UnverifiedRefund || got.UnverifiedAt == nil {
		t.Fatalf("review after refund: %+v", got)
	}
	agg, _ := f.reviews.ProductAggregate(ctx, shop, pid)
	if agg.RatedCount != 0 || agg.ReviewCount != 1 {
		t.Fatalf("aggregate %+v", agg)
	}
	if res := f.verify(nil); !res.OK() || res.Size != 2 {
		t.Fatalf("log: %+v", res)
	}
}

// TestChargebackDeverifies: a disputed payment takes the reviews of every
// line of its orders out of the rating.
func TestChargebackDeverifies(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	buyer := f.account("buyer@example.test")
	pid, v := f.product(shop, "Tee", 0, 2000)
	o := f.order(buyer, v[0], 1, orders.StatusDelivered)
	r, err := f.reviews.Submit(ctx, buyer, o.Lines[0].ID, reviews.Input{Rating: 4})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // a replayed dispute changes nothing more
		if err := f.orders.RecordDispute(ctx, o.CheckoutID, "fraudulent"); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := f.reviews.ReviewOfAccount(ctx, buyer, r.ID)
	if got.Verified || got.UnverifiedReason != reviews.UnverifiedChargeback {
		t.Fatalf("review after chargeback: %+v", got)
	}
	agg, _ := f.reviews.ProductAggregate(ctx, shop, pid)
	if agg.RatedCount != 0 {
		t.Fatalf("aggregate %+v", agg)
	}
	if size, _ := f.reviews.LogSize(ctx); size != 2 {
		t.Fatalf("log size %d", size)
	}
}

// TestReplyOnceWithHistory: a merchant replies once, edits keep the old
// text, and another merchant's review is not found.
func TestReplyOnceWithHistory(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	other := f.merchant("bravo")
	buyer := f.account("buyer@example.test")
	_, v := f.product(shop, "Tee", 0, 2000)
	o := f.order(buyer, v[0], 1, orders.StatusDelivered)
	r, err := f.reviews.Submit(ctx, buyer, o.Lines[0].ID, reviews.Input{Rating: 1, Body: "Broke"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.reviews.SaveReply(ctx, other, r.ID, 1, "Not ours"); mall.ErrorCode(err) != mall.ENotFound {
		t.Fatalf("other shop's reply: %v", err)
	}
	if _, err := f.reviews.SaveReply(ctx, shop, r.ID, 1, "  "); key(err) != "reviews.error.reply_empty" {
		t.Fatalf("empty reply: %v", err)
	}
	if _, err := f.reviews.SaveReply(ctx, shop, r.ID, 1, "Sorry, we sent a new one"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.reviews.SaveReply(ctx, shop, r.ID, 1, "Sorry, a new one is on its way"); err != nil {
		t.Fatal(err)
	}
	list, _, err := f.reviews.ProductReviews(ctx, shop, r.ProductID, reviews.Filter{})
	if err != nil || len(list) != 1 || list[0].Reply == nil {
		t.Fatalf("reviews: %v %+v", err, list)
	}
	rep := list[0].Reply
	if rep.Version != 2 || len(rep.Versions) != 2 || rep.Versions[0].Body != "Sorry, we sent a new one" {
		t.Fatalf("reply %+v", rep)
	}
	if n := f.count("review_replies", ""); n != 1 {
		t.Fatalf("%d replies", n)
	}
	if list[0].Rating != 1 || list[0].Body != "Broke" {
		t.Fatal("the reply changed the review")
	}
}

// TestAggregatesMatchTheReviews recomputes every aggregate from the
// reviews after a random run of submits, edits, refunds and chargebacks.
func TestAggregatesMatchTheReviews(t *testing.T) {
	f := newFixture(t)
	rng := rand.New(rand.NewPCG(7, 15))
	shops := []int64{f.merchant("alpha"), f.merchant("bravo")}
	buyers := []int64{f.account("a@example.test"), f.account("b@example.test"), f.account("c@example.test")}
	var variants []int64
	productShop := map[int64]int64{}
	for i, shop := range shops {
		for j := range 2 {
			p, v := f.product(shop, "P"+string(rune('a'+i*2+j)), 3000, 1000+int64(rng.IntN(2))*1000)
			variants = append(variants, v...)
			productShop[p] = shop
		}
	}
	op1, op2 := f.operator("op1@mall.test"), f.operator("op2@mall.test")
	statement := "The review names the courier's home address."
	type line struct {
		buyer int64
		order *orders.Order
	}
	var open []line
	var written []*reviews.Review
	for range 80 {
		switch op := rng.IntN(7); {
		case op == 0 || len(open) == 0:
			b := buyers[rng.IntN(len(buyers))]
			open = append(open, line{b, f.order(b, variants[rng.IntN(len(variants))], 1+rng.IntN(2), orders.StatusDelivered)})
		case op == 1:
			i := rng.IntN(len(open))
			l := open[i]
			open = append(open[:i], open[i+1:]...)
			r, err := f.reviews.Submit(ctx, l.buyer, l.order.Lines[0].ID, reviews.Input{Rating: 1 + rng.IntN(5), Incentivized: rng.IntN(6) == 0})
			if err != nil {
				t.Fatal(err)
			}
			written = append(written, r)
		case op == 2 && len(written) > 0:
			r := written[rng.IntN(len(written))]
			if _, err := f.reviews.Edit(ctx, *r.AccountID, r.ID, reviews.Input{Rating: 1 + rng.IntN(5), Body: "edit"}); err != nil && key(err) != "reviews.error.edit_window" {
				t.Fatal(err)
			}
		case op == 3 && len(written) > 0:
			r := written[rng.IntN(len(written))]
			o, err := f.orders.OrderInMerchant(ctx, r.MerchantID, r.OrderID)
			if err != nil {
				t.Fatal(err)
			}
			if o.Lines[0].RefundableQuantity() > 0 {
				f.refund(o, 1)
			}
		case op == 5 && len(written) > 0:
			r := written[rng.IntN(len(written))]
			if err := f.reviews.Remove(ctx, op1, r.ID, "personal_data", statement); err != nil && key(err) != "reviews.error.already_removed" {
				t.Fatal(err)
			}
		case op == 6 && len(written) > 0:
			r := written[rng.IntN(len(written))]
			if err := f.reviews.Appeal(ctx, *r.AccountID, r.ID, "It names nobody."); err == nil {
				if err := f.reviews.DecideAppeal(ctx, op2, r.ID, rng.IntN(2) == 0, statement); err != nil {
					t.Fatal(err)
				}
			}
		case op == 4 && len(written) > 0:
			r := written[rng.IntN(len(written))]
			o, _ := f.orders.OrderInMerchant(ctx, r.MerchantID, r.OrderID)
			if err := f.orders.RecordDispute(ctx, o.CheckoutID, "dispute"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(written) < 5 {
		t.Fatalf("only %d reviews written", len(written))
	}
	type agg struct {
		Rated, Sum, S1, S2, S3, S4, S5, All int64
	}
	recompute := func(where string, args ...any) agg {
		var a agg
		counted := "status = ? AND verified = ? AND deep_discount = ? AND incentivized = ?"
		f.db.Raw(`SELECT COUNT(*) AS rated, COALESCE(SUM(rating), 0) AS sum,
			COALESCE(SUM(CASE WHEN rating = 1 THEN 1 ELSE 0 END), 0) AS s1,
			COALESCE(SUM(CASE WHEN rating = 2 THEN 1 ELSE 0 END), 0) AS s2,
			COALESCE(SUM(CASE WHEN rating = 3 THEN 1 ELSE 0 END), 0) AS s3,
			COALESCE(SUM(CASE WHEN rating = 4 THEN 1 ELSE 0 END), 0) AS s4,
			COALESCE(SUM(CASE WHEN rating = 5 THEN 1 ELSE 0 END), 0) AS s5
			FROM reviews WHERE `+where+` AND `+counted, append(args, reviews.StatusPublished, true, false, false)...).Scan(&a)
		f.db.Raw(`SELECT COUNT(*) FROM reviews WHERE status = ? AND `+where, append([]any{reviews.StatusPublished}, args...)...).Scan(&a.All)
		return a
	}
	var pairs []struct{ MerchantID, ProductID int64 }
	f.db.Raw(`SELECT DISTINCT merchant_id, product_id FROM reviews`).Scan(&pairs)
	for _, p := range pairs {
		got, _ := f.reviews.ProductAggregate(ctx, p.MerchantID, p.ProductID)
		want := recompute("merchant_id = ? AND product_id = ?", p.MerchantID, p.ProductID)
		have := agg{got.RatedCount, got.RatingSum, got.Stars1, got.Stars2, got.Stars3, got.Stars4, got.Stars5, got.ReviewCount}
		if have != want {
			t.Errorf("product %d: aggregate %+v, reviews say %+v", p.ProductID, have, want)
		}
	}
	// The catalog's copy of each product's rating, which cards and the
	// rating sort read, is the reviews' own, reviewed or not.
	for pid, shop := range productShop {
		p, err := f.catalog.ProductInMerchant(ctx, shop, pid)
		if err != nil {
			t.Fatal(err)
		}
		want := recompute("merchant_id = ? AND product_id = ?", shop, pid)
		if p.RatingCount != want.Rated || p.RatingSum != want.Sum {
			t.Errorf("product %d: catalog rating %d over %d, reviews say %d over %d", pid, p.RatingSum, p.RatingCount, want.Sum, want.Rated)
		}
	}
	for _, shop := range shops {
		got, _ := f.reviews.MerchantAggregate(ctx, shop)
		want := recompute("merchant_id = ?", shop)
		have := agg{got.RatedCount, got.RatingSum, got.Stars1, got.Stars2, got.Stars3, got.Stars4, got.Stars5, got.ReviewCount}
		if have != want {
			t.Errorf("shop %d: aggregate %+v, reviews say %+v", shop, have, want)
		}
	}
	if res := f.verify(nil); !res.OK() {
		t.Fatalf("log: %v", res.Problems)
	}
}

// TestConcurrentSubmitsKeepOneLog: reviews written at once append to one
// log without gaps, and it verifies.
func TestConcurrentSubmitsKeepOneLog(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	const n = 12
	type job struct {
		buyer int64
		line  int64
	}
	jobs := make([]job, n)
	for i := range jobs {
		b := f.account("b" + string(rune('a'+i)) + "@example.test")
		jobs[i] = job{b, f.order(b, v[0], 1, orders.StatusDelivered).Lines[0].ID}
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.reviews.Submit(ctx, j.buyer, j.line, reviews.Input{Rating: 4})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	res := f.verify(nil)
	if !res.OK() || res.Size != n || res.Reviews != n {
		t.Fatalf("log after concurrent submits: %+v", res)
	}
}
