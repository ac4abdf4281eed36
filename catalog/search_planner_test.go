package catalog_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
)

// TestSearchWithManyClosedShops searches with more shops closed than
// SQLite names in one FTS expression (64): the counts and the sorted walk
// over more than 2,000 matches then run through products and merchants in
// SQL. Every page still holds only the open shop's matches, in order.
func TestSearchWithManyClosedShops(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "candles", merchants.MerchantActive)
	const closedShops = 70
	for i := range closedShops {
		addMerchant(t, db, int64(100+i), fmt.Sprintf("closed-%d", i), merchants.MerchantSuspended)
	}
	const n = 2100
	price := func(i int) int64 { return 1000 + int64(i*37%n) } // all different
	var ins []catalog.ProductInput
	for i := range n {
		ins = append(ins, product(fmt.Sprintf("Candle %d", i), fmt.Sprintf("C%d", i), price(i)))
	}
	if err := s.ImportProductsBulk(ctx, 1, ins); err != nil {
		t.Fatal(err)
	}
	// The closed shops' candles are the newest and the cheapest.
	for i := range closedShops {
		if err := s.ImportProductsBulk(ctx, int64(100+i), []catalog.ProductInput{product(fmt.Sprintf("Candle closed %d", i), "H", 1)}); err != nil {
			t.Fatal(err)
		}
	}
	newest := make([]int, n)
	for i := range newest {
		newest[i] = n - 1 - i
	}
	// A few rated candles lead the rating sort; the closed shops' rated
	// ones are hidden.
	rated := []int{5, 9, 7}
	for i, r := range [][2]int64{{5, 1}, {18, 4}, {9, 2}} {
		if err := db.Exec(`UPDATE products SET rating_sum = ?, rating_count = ? WHERE title = ?`, r[0], r[1], fmt.Sprintf("Candle %d", rated[i])).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Exec(`UPDATE products SET rating_sum = 45, rating_count = 9 WHERE merchant_id <> 1`).Error; err != nil {
		t.Fatal(err)
	}
	byRating := slices.Concat(rated, slices.DeleteFunc(slices.Clone(newest), func(i int) bool { return slices.Contains(rated, i) }))
	cheapest := slices.Clone(newest)
	slices.SortFunc(cheapest, func(a, b int) int { return int(price(a) - price(b)) })
	const maxPrice = 1500 // the cheapest 501
	cases := []struct {
		name   string
		q      catalog.SearchQuery
		order  []int // the open matches, as indexes into ins; nil when the order is relevance's
		total  int64
		capped bool
	}{
		{"relevance", catalog.SearchQuery{Text: "candle"}, nil, catalog.CountCap, true},
		{"relevance under a price", catalog.SearchQuery{Text: "candle", MaxPrice: maxPrice}, nil, maxPrice - 1000 + 1, false},
		{"newest", catalog.SearchQuery{Text: "candle", Sort: catalog.SortNewest}, newest, catalog.CountCap, true},
		{"price low to high", catalog.SearchQuery{Text: "candle", Sort: catalog.SortPriceAsc}, cheapest, catalog.CountCap, true},
		{"rating", catalog.SearchQuery{Text: "candle", Sort: catalog.SortRating}, byRating, catalog.CountCap, true},
		{"price low to high, under a price", catalog.SearchQuery{Text: "candle", Sort: catalog.SortPriceAsc, MaxPrice: maxPrice}, cheapest[:maxPrice-1000+1], maxPrice - 1000 + 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, page := range []int{1, 2, 10} {
				q := c.q
				q.Page, q.PerPage = page, 50
				res := search(t, s, q)
				if res.Total != c.total || res.TotalCapped != c.capped {
					t.Errorf("page %d: total %d (capped %v), want %d (%v)", page, res.Total, res.TotalCapped, c.total, c.capped)
				}
				for _, h := range res.Hits {
					if h.MerchantSlug != "candles" {
						t.Errorf("page %d: %q of the closed shop %s", page, h.Product.Title, h.MerchantSlug)
					}
				}
				if c.order == nil {
					if len(res.Hits) != 50 {
						t.Errorf("page %d: %d hits, want 50", page, len(res.Hits))
					}
					continue
				}
				var want []string
				for _, i := range c.order[min(len(c.order), (page-1)*50):min(len(c.order), page*50)] {
					want = append(want, fmt.Sprintf("Candle %d", i))
				}
				if got := titles(res); !slices.Equal(got, want) {
					t.Errorf("page %d:\n got %q\nwant %q", page, got, want)
				}
			}
		})
	}
}

// TestSearchNewestWhenPublishedOutOfIdOrder sorts by date more than 2,000
// matches whose newest were written first: the walk by date meets ids
// above those it has read the matches of, and must read the range above.
func TestSearchNewestWhenPublishedOutOfIdOrder(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "candles", merchants.MerchantActive)
	const half = 1100
	later := time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC)
	batch := func(from int, at time.Time) {
		s.SetClock(func() time.Time { return at })
		var ins []catalog.ProductInput
		for i := from; i < from+half; i++ {
			ins = append(ins, product(fmt.Sprintf("Candle %d", i), fmt.Sprintf("C%d", i), 100))
		}
		if err := s.ImportProductsBulk(ctx, 1, ins); err != nil {
			t.Fatal(err)
		}
	}
	// Candles 0-1099 get the lower ids and the later date.
	batch(0, later)
	batch(half, later.Add(-time.Hour))
	var order []int
	for i := half - 1; i >= 0; i-- {
		order = append(order, i)
	}
	for i := 2*half - 1; i >= half; i-- {
		order = append(order, i)
	}
	for _, page := range []int{1, 22, 23, 25, 44} {
		res := search(t, s, catalog.SearchQuery{Text: "candle", Sort: catalog.SortNewest, Page: page, PerPage: 50})
		var want []string
		for _, i := range order[min(len(order), (page-1)*50):min(len(order), page*50)] {
			want = append(want, fmt.Sprintf("Candle %d", i))
		}
		if got := titles(res); !slices.Equal(got, want) {
			t.Errorf("page %d:\n got %q\nwant %q", page, got, want)
		}
		if res.Total != catalog.CountCap || !res.TotalCapped {
			t.Errorf("page %d: total %d (capped %v), want %d+", page, res.Total, res.TotalCapped, catalog.CountCap)
		}
	}
}

// TestSearchInACategoryWhereFewTitlesMatch ranks a search in a category
// with more than 2,000 matches, nearly all of them in descriptions: the
// best 2,001 by bm25 cannot tell the title tier, and the search ranks
// tier by tier. The titles that match come first, then the others.
func TestSearchInACategoryWhereFewTitlesMatch(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "lamps", merchants.MerchantActive)
	cat, err := s.CreateCategory(ctx, 1, catalog.CategoryInput{Name: "Lamps"})
	if err != nil {
		t.Fatal(err)
	}
	var ins []catalog.ProductInput
	for i := range 2100 {
		in := product(fmt.Sprintf("Lamp %d", i), fmt.Sprintf("L%d", i), 100)
		in.Description = "A lamp with a lantern glass shade and a lantern glass base, lantern style."
		ins = append(ins, in)
	}
	for i := range 3 {
		ins = append(ins, product(fmt.Sprintf("Lantern %d", i), fmt.Sprintf("T%d", i), 100))
	}
	if err := s.ImportProductsBulk(ctx, 1, ins); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO product_categories (merchant_id, product_id, category_id)
		SELECT merchant_id, id, ? FROM products WHERE merchant_id = 1`, cat.ID).Error; err != nil {
		t.Fatal(err)
	}
	res := search(t, s, catalog.SearchQuery{Text: "lantern", CategoryID: cat.ID, PerPage: 10})
	got := titles(res)
	if len(got) != 10 || !slices.Equal(got[:3], []string{"Lantern 2", "Lantern 1", "Lantern 0"}) {
		t.Fatalf("hits %q, want the three lanterns first", got)
	}
	for _, title := range got[3:] {
		if !strings.HasPrefix(title, "Lamp ") {
			t.Errorf("hit %q after the titles", title)
		}
	}
	if res.Total != catalog.CountCap || !res.TotalCapped {
		t.Errorf("total %d (capped %v), want %d+", res.Total, res.TotalCapped, catalog.CountCap)
	}
}

// TestSearchCountMatchesTheSearch checks each planner's count, asked when
// a page does not tell the total, against the hits the search finds.
func TestSearchCountMatchesTheSearch(t *testing.T) {
	ctx := context.Background()
	_, s := searchFixture(t)
	for _, q := range []catalog.SearchQuery{
		{Text: "headphones"},
		{Text: "headphones", MaxPrice: 5000},
		{Text: "headphones", InStock: true},
		{Text: "headphones", MerchantID: 1},
		{Text: "耳机"},
		{Text: "nothing"},
	} {
		n, capped, err := s.CountText(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		res := search(t, s, catalog.SearchQuery{Text: q.Text, MerchantID: q.MerchantID, MaxPrice: q.MaxPrice, InStock: q.InStock, PerPage: 100})
		if n != int64(len(res.Hits)) || capped {
			t.Errorf("%+v: counted %d (capped %v), found %q", q, n, capped, titles(res))
		}
		// One hit a page: the search counts.
		if one := search(t, s, catalog.SearchQuery{Text: q.Text, MerchantID: q.MerchantID, MaxPrice: q.MaxPrice, InStock: q.InStock, PerPage: 1}); one.Total != n {
			t.Errorf("%+v, one a page: total %d, want %d", q, one.Total, n)
		}
	}
}

// TestSearchBounds covers the edges of a query: an unknown category finds
// nothing, and a query of more words than are searched (8) is searched by
// its first ones.
func TestSearchBounds(t *testing.T) {
	_, s := searchFixture(t)
	if res := search(t, s, catalog.SearchQuery{Text: "headphones", CategoryID: 9999}); res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("unknown category: %q of %d", titles(res), res.Total)
	}
	res := search(t, s, catalog.SearchQuery{Text: "wireless headphones over ear battery hours audio wireless zzzz"})
	if got := titles(res); !slices.Equal(got, []string{"Wireless Headphones"}) || res.Suggestion != "" {
		t.Errorf("nine words: %q (suggesting %q), want the headphones found by the first eight", got, res.Suggestion)
	}
}
