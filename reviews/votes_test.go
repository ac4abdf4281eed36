package reviews_test

import (
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

// TestHelpfulVotes: one vote per account, none on one's own review nor by
// the shop's staff, and "most helpful" sorts by the count.
func TestHelpfulVotes(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	product, v := f.product(shop, "Tee", 0, 2000)
	ada := f.account("ada@example.test")
	bo := f.account("bo@example.test")
	cy := f.account("cy@example.test")
	clerk := f.account("clerk@example.test")
	f.staff(shop, clerk)
	older, err := f.reviews.Submit(ctx, ada, f.order(ada, v[0], 1, orders.StatusDelivered).Lines[0].ID, good())
	if err != nil {
		t.Fatal(err)
	}
	f.advance(3600e9)
	newer, err := f.reviews.Submit(ctx, bo, f.order(bo, v[0], 1, orders.StatusDelivered).Lines[0].ID, good())
	if err != nil {
		t.Fatal(err)
	}

	for i, want := range []bool{true, false} {
		added, err := f.reviews.MarkHelpful(ctx, cy, older.ID)
		if err != nil || added != want {
			t.Fatalf("vote %d: added %t, %v", i+1, added, err)
		}
	}
	if _, err := f.reviews.MarkHelpful(ctx, bo, older.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.reviews.MarkHelpful(ctx, ada, older.ID); mall.ErrorCode(err) != mall.EForbidden || key(err) != "reviews.error.vote_own" {
		t.Fatalf("own review: %v", err)
	}
	if _, err := f.reviews.MarkHelpful(ctx, clerk, newer.ID); mall.ErrorCode(err) != mall.EForbidden || key(err) != "reviews.error.vote_staff" {
		t.Fatalf("staff: %v", err)
	}
	if _, err := f.reviews.MarkHelpful(ctx, cy, 999999); mall.ErrorCode(err) != mall.ENotFound {
		t.Fatalf("no such review: %v", err)
	}
	if n := f.count("review_votes", ""); n != 2 {
		t.Fatalf("%d votes stored, want 2", n)
	}

	list, _, err := f.reviews.ProductReviews(ctx, shop, product, reviews.Filter{Sort: reviews.SortHelpful})
	if err != nil || len(list) != 2 || list[0].ID != older.ID || list[0].HelpfulCount != 2 || list[1].HelpfulCount != 0 {
		t.Fatalf("most helpful: %+v %v", list, err)
	}
	// Newest first otherwise: the vote count is what moved the older one up.
	if list, _, _ := f.reviews.ProductReviews(ctx, shop, product, reviews.Filter{}); list[0].ID != newer.ID {
		t.Fatalf("newest first: %d", list[0].ID)
	}
}
