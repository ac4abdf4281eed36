package catalog_test

import (
	"context"
	"slices"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
)

func setRating(t *testing.T, db *gorm.DB, p *catalog.Product, sum, count int64) {
	t.Helper()
	if err := catalog.SetProductRating(db, p.MerchantID, p.ID, sum, count); err != nil {
		t.Fatal(err)
	}
}

// TestSearchSortsByRating sorts by the verified rating as cards show it
// (tenths of a star), the most rated first among equals, products nobody
// rated last (newest first): with text and without, on both planners.
func TestSearchSortsByRating(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "lamps", merchants.MerchantActive)
	addMerchant(t, db, 2, "closed", merchants.MerchantSuspended)
	mk := func(merchant int64, title string) *catalog.Product {
		return mustCreate(t, s, merchant, product(title, title, 1000))
	}
	mk(1, "Lamp unrated")
	four := mk(1, "Lamp four")          // 4.0 of 3
	fourFive := mk(1, "Lamp four five") // 4.5 of 2
	fourFive2 := mk(1, "Lamp many")     // 4.5 of 10 (4.46 rounds up)
	five := mk(1, "Lamp five")          // 5.0 of 1
	mk(1, "Lamp newest")                // unrated, newer
	hidden := mk(2, "Lamp closed shop") // 5.0, in a closed shop
	setRating(t, db, four, 12, 3)
	setRating(t, db, fourFive, 9, 2)
	setRating(t, db, fourFive2, 446, 100)
	setRating(t, db, five, 5, 1)
	setRating(t, db, hidden, 5, 1)
	want := []string{"Lamp five", "Lamp many", "Lamp four five", "Lamp four", "Lamp newest", "Lamp unrated"}
	for _, q := range []catalog.SearchQuery{
		{Text: "lamp", Sort: catalog.SortRating},
		{MerchantID: 1, Sort: catalog.SortRating},
		{Text: "lamp", MerchantID: 1, Sort: catalog.SortRating},
	} {
		res := search(t, s, q)
		if got := titles(res); !slices.Equal(got, want) {
			t.Errorf("%+v:\n got %q\nwant %q", q, got, want)
		}
		// Paging keeps the order.
		q.PerPage, q.Page = 4, 2
		if got := titles(search(t, s, q)); !slices.Equal(got, want[4:]) {
			t.Errorf("%+v, page 2: %q", q, got)
		}
	}
	res := search(t, s, catalog.SearchQuery{Text: "lamp many"})
	if len(res.Hits) != 1 || res.Hits[0].Product.RatingTenths() != 45 || res.Hits[0].Product.RatingCount != 100 {
		t.Errorf("hit %+v: want the rating 4.5 of 100", res.Hits)
	}
	p, err := s.ProductInMerchant(ctx, 1, four.ID)
	if err != nil || p.RatingTenths() != 40 || p.RatingCount != 3 {
		t.Errorf("product: %d tenths of %d, %v", p.RatingTenths(), p.RatingCount, err)
	}
}

// TestProductRatingsBackfill copies the reviews' aggregates onto the
// products they rate, and leaves the others and the shop's own row alone.
func TestProductRatingsBackfill(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "lamps", merchants.MerchantActive)
	rated := mustCreate(t, s, 1, product("Lamp", "L1", 1000))
	other := mustCreate(t, s, 1, product("Shade", "S1", 1000))
	for _, row := range [][4]int64{{1, rated.ID, 3, 14}, {1, 0, 3, 14}} {
		if err := db.Exec(`INSERT INTO review_aggregates (merchant_id, product_id, rated_count, rating_sum, review_count) VALUES (?, ?, ?, ?, ?)`,
			row[0], row[1], row[2], row[3], row[2]).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := catalog.BackfillProductRatings(db); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id         int64
		sum, count int64
	}{{rated.ID, 14, 3}, {other.ID, 0, 0}} {
		p, err := s.ProductInMerchant(ctx, 1, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if p.RatingSum != c.sum || p.RatingCount != c.count {
			t.Errorf("product %d: %d over %d, want %d over %d", c.id, p.RatingSum, p.RatingCount, c.sum, c.count)
		}
	}
}
