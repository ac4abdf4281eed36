package catalog_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
)

// searchFixture is two open shops and one suspended, with products in
// English and Chinese.
func searchFixture(t *testing.T) (*gorm.DB, *catalog.Store) {
	t.Helper()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "sound", merchants.MerchantActive)
	addMerchant(t, db, 2, "home", merchants.MerchantActive)
	addMerchant(t, db, 3, "closed", merchants.MerchantSuspended)
	ctx := context.Background()
	audio, err := s.CreateCategory(ctx, 1, catalog.CategoryInput{Name: "Audio"})
	if err != nil {
		t.Fatal(err)
	}
	items := []struct {
		merchant int64
		in       catalog.ProductInput
	}{
		{1, catalog.ProductInput{Title: "Wireless Headphones", Description: "Over-ear, 30 hours of battery.", Tags: []string{"audio"},
			CategoryIDs: []int64{audio.ID}, Variants: []catalog.VariantInput{{SKU: "HP", Price: 8000, Currency: "USD", Stock: 4}}}},
		{1, catalog.ProductInput{Title: "Headphone Stand", Description: "Walnut stand.",
			Variants: []catalog.VariantInput{{SKU: "ST", Price: 2500, Currency: "USD", Stock: 0}}}},
		{1, catalog.ProductInput{Title: "Phone Case", Description: "Fits most headphones cables too.",
			Variants: []catalog.VariantInput{{SKU: "PC", Price: 1500, Currency: "USD", Stock: 9}}}},
		{1, catalog.ProductInput{Title: "蓝牙降噪耳机", Description: "主动降噪，续航三十小时。",
			Variants: []catalog.VariantInput{{SKU: "ZH1", Price: 19900, Currency: "USD", Stock: 2}}}},
		{2, catalog.ProductInput{Title: "Crème Brûlée Torch", Description: "Kitchen torch.",
			Variants: []catalog.VariantInput{{SKU: "TO", Price: 3000, Currency: "USD", Stock: 1}}}},
		{2, catalog.ProductInput{Title: "Draft Headphones", Status: catalog.StatusDraft,
			Variants: []catalog.VariantInput{{SKU: "DR", Price: 100, Currency: "USD", Stock: 1}}}},
		{3, catalog.ProductInput{Title: "Suspended Headphones",
			Variants: []catalog.VariantInput{{SKU: "SU", Price: 100, Currency: "USD", Stock: 1}}}},
	}
	for _, it := range items {
		if it.in.Status == "" {
			it.in.Status = catalog.StatusActive
		}
		mustCreate(t, s, it.merchant, it.in)
	}
	return db, s
}

func TestSearch(t *testing.T) {
	_, s := searchFixture(t)
	tests := []struct {
		name string
		q    catalog.SearchQuery
		want []string // in order
		// suggestion is the part of the query the hits are for, when the
		// whole query found nothing.
		suggestion string
	}{
		{"prefix", catalog.SearchQuery{Text: "headph", MaxPrice: 2500}, []string{"Headphone Stand", "Phone Case"}, ""},
		{"title before description", catalog.SearchQuery{Text: "headphones"}, []string{"Wireless Headphones", "Phone Case"}, ""},
		{"two words", catalog.SearchQuery{Text: "wireless head"}, []string{"Wireless Headphones"}, ""},
		{"accents folded", catalog.SearchQuery{Text: "creme brulee"}, []string{"Crème Brûlée Torch"}, ""},
		{"accents in query", catalog.SearchQuery{Text: "Crème"}, []string{"Crème Brûlée Torch"}, ""},
		{"in one shop", catalog.SearchQuery{Text: "torch", MerchantID: 1}, nil, ""},
		{"category", catalog.SearchQuery{Text: "head", CategoryID: 1}, []string{"Wireless Headphones"}, ""},
		{"in stock", catalog.SearchQuery{Text: "headph", InStock: true}, []string{"Wireless Headphones", "Phone Case"}, ""},
		{"price range", catalog.SearchQuery{Text: "headph", MinPrice: 2000, MaxPrice: 9000, Sort: catalog.SortPriceAsc}, []string{"Headphone Stand", "Wireless Headphones"}, ""},
		{"price ascending", catalog.SearchQuery{Text: "headph", Sort: catalog.SortPriceAsc}, []string{"Phone Case", "Headphone Stand", "Wireless Headphones"}, ""},
		{"price descending", catalog.SearchQuery{Text: "headph", Sort: catalog.SortPriceDesc}, []string{"Wireless Headphones", "Headphone Stand", "Phone Case"}, ""},
		{"draft and suspended shop not found", catalog.SearchQuery{Text: "draft suspended"}, nil, ""},
		{"chinese two characters", catalog.SearchQuery{Text: "耳机"}, []string{"蓝牙降噪耳机"}, ""},
		{"chinese middle", catalog.SearchQuery{Text: "降噪"}, []string{"蓝牙降噪耳机"}, ""},
		{"chinese three", catalog.SearchQuery{Text: "降噪耳机"}, []string{"蓝牙降噪耳机"}, ""},
		{"chinese start", catalog.SearchQuery{Text: "蓝牙降"}, []string{"蓝牙降噪耳机"}, ""},
		{"chinese not consecutive: its last two characters instead", catalog.SearchQuery{Text: "蓝牙耳机"}, []string{"蓝牙降噪耳机"}, "耳机"},
		{"chinese one character", catalog.SearchQuery{Text: "耳"}, []string{"蓝牙降噪耳机"}, ""},
		{"chinese in description only", catalog.SearchQuery{Text: "续航"}, []string{"蓝牙降噪耳机"}, ""},
		{"no text lists newest", catalog.SearchQuery{MerchantID: 2}, []string{"Crème Brûlée Torch"}, ""},
		{"quotes and operators are text", catalog.SearchQuery{Text: `"wire* NEAR(`}, []string{"Wireless Headphones"}, "wire"},
		{"syntax characters ignored", catalog.SearchQuery{Text: `"wire*" (`}, []string{"Wireless Headphones"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, s, tt.q)
			got := titles(res)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("hits = %q, want %q", got, tt.want)
			}
			if res.Total != int64(len(tt.want)) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
			if res.Suggestion != tt.suggestion {
				t.Errorf("suggestion %q, want %q", res.Suggestion, tt.suggestion)
			}
		})
	}
}

func TestSearchHitCarriesMerchantAndPrice(t *testing.T) {
	_, s := searchFixture(t)
	res := search(t, s, catalog.SearchQuery{Text: "wireless"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %v", titles(res))
	}
	h := res.Hits[0]
	if h.MerchantSlug != "sound" || h.MerchantName != "Shop sound" || h.MinPrice != 8000 || h.Currency != "USD" || !h.InStock {
		t.Errorf("hit = %+v", h)
	}
}

func TestSearchCorrectsTypos(t *testing.T) {
	_, s := searchFixture(t)
	tests := []struct{ text, suggestion, first string }{
		{"hedphones", "headphones", "Wireless Headphones"},
		{"wirless headphnes", "wireless headphones", "Wireless Headphones"},
		{"torhc", "torch", "Crème Brûlée Torch"},
	}
	for _, tt := range tests {
		res := search(t, s, catalog.SearchQuery{Text: tt.text})
		if res.Suggestion != tt.suggestion || len(res.Hits) == 0 || res.Hits[0].Product.Title != tt.first {
			t.Errorf("%q: suggestion %q hits %q", tt.text, res.Suggestion, titles(res))
		}
	}
	res := search(t, s, catalog.SearchQuery{Text: "zzzzzz"})
	if res.Total != 0 || res.Suggestion != "" {
		t.Errorf("nonsense: %d hits, suggestion %q", res.Total, res.Suggestion)
	}
}

func TestSearchFollowsWrites(t *testing.T) {
	ctx := context.Background()
	db, s := searchFixture(t)
	found := func(text string) int64 {
		res := search(t, s, catalog.SearchQuery{Text: text})
		if res.Total > 0 {
			t.Logf("%q finds %q (suggestion %q)", text, titles(res), res.Suggestion)
		}
		return res.Total
	}

	p := mustCreate(t, s, 2, product("Copper Kettle", "KET", 4000))
	if found("copper") != 1 {
		t.Fatal("new product not found")
	}
	up := product("Steel Kettle", "KET", 4000)
	up.Variants[0].ID = p.Variants[0].ID
	if _, err := s.UpdateProduct(ctx, 2, p.ID, up); err != nil {
		t.Fatal(err)
	}
	if found("copper") != 0 || found("steel") != 1 {
		t.Error("renamed product: old title still found or new one not")
	}
	up.Status = catalog.StatusDraft
	if _, err := s.UpdateProduct(ctx, 2, p.ID, up); err != nil {
		t.Fatal(err)
	}
	if found("steel") != 0 {
		t.Error("draft still found")
	}
	up.Status = catalog.StatusActive
	if _, err := s.UpdateProduct(ctx, 2, p.ID, up); err != nil {
		t.Fatal(err)
	}
	if err := s.ArchiveProduct(ctx, 2, p.ID); err != nil {
		t.Fatal(err)
	}
	if found("steel") != 0 {
		t.Error("archived still found")
	}
	setMerchantStatus(t, db, 1, merchants.MerchantSuspended)
	if found("wireless") != 0 {
		t.Error("suspended merchant's product found")
	}
}

func TestSearchPagination(t *testing.T) {
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "many", merchants.MerchantActive)
	var ins []catalog.ProductInput
	for i := range 30 {
		in := product("Notebook "+strings.Repeat("i", i+1), "NB"+itoa(i), int64(100+i))
		ins = append(ins, in)
	}
	if err := s.ImportProductsBulk(context.Background(), 1, ins); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for page := 1; page <= 4; page++ {
		res := search(t, s, catalog.SearchQuery{Text: "notebook", Sort: catalog.SortPriceAsc, Page: page, PerPage: 10})
		if res.Total != 30 {
			t.Errorf("page %d: total %d", page, res.Total)
		}
		for _, h := range res.Hits {
			seen[h.Product.ID] = true
		}
		if page == 4 && len(res.Hits) != 0 {
			t.Errorf("page 4 has %d hits", len(res.Hits))
		}
	}
	if len(seen) != 30 {
		t.Errorf("pages covered %d products", len(seen))
	}
}

func TestAcrossMall(t *testing.T) {
	ctx := context.Background()
	db, s := searchFixture(t)
	f := product("Featured Lamp", "FL", 100)
	f.Featured = true
	mustCreate(t, s, 2, f)
	sus := product("Featured Hidden", "FH", 100)
	sus.Featured = true
	mustCreate(t, s, 3, sus)
	_ = db
	hits, err := s.FeaturedProductsAcrossMall(ctx, 10)
	if err != nil || len(hits) != 1 || hits[0].Product.Title != "Featured Lamp" || hits[0].MerchantSlug != "home" {
		t.Errorf("featured = %+v, %v", hits, err)
	}
	hits, err = s.NewProductsAcrossMall(ctx, 3)
	if err != nil || len(hits) != 3 || hits[0].Product.Title != "Featured Lamp" {
		t.Errorf("new = %+v, %v", hits, err)
	}
	for _, h := range hits {
		if h.MerchantSlug == "closed" {
			t.Errorf("suspended shop's product listed: %+v", h)
		}
	}
}

func TestSearchCountsOnlyOpenShops(t *testing.T) {
	db, s := searchFixture(t)
	// One hit a page, so the total is counted rather than seen.
	res := search(t, s, catalog.SearchQuery{Text: "headphones", PerPage: 1})
	if res.Total != 2 || res.TotalCapped {
		t.Errorf("total = %d (capped %v), want 2: the suspended shop's headphones do not count", res.Total, res.TotalCapped)
	}
	res = search(t, s, catalog.SearchQuery{Text: "headphones", MerchantID: 1, PerPage: 1})
	if got := titles(res); res.Total != 2 || !slices.Equal(got, []string{"Wireless Headphones"}) {
		t.Errorf("in one shop: %q of %d", got, res.Total)
	}
	setMerchantStatus(t, db, 3, merchants.MerchantActive)
	if res := search(t, s, catalog.SearchQuery{Text: "headphones", PerPage: 1}); res.Total != 3 {
		t.Errorf("after the shop reopened: total = %d, want 3", res.Total)
	}
	if res := search(t, s, catalog.SearchQuery{Text: "headphones", MerchantID: 3}); res.Total != 1 {
		t.Errorf("in the reopened shop: total = %d, want 1", res.Total)
	}
}

// TestSearchPagesBeyondTheRelevanceWindow pages by relevance through more
// matches than relevance ranks (see relevanceWindow), with a suspended
// shop's matches among the newest: every open match shows once, the best
// of the newest first.
func TestSearchPagesBeyondTheRelevanceWindow(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "lanterns", merchants.MerchantActive)
	addMerchant(t, db, 2, "closed", merchants.MerchantSuspended)
	const n = 650
	var ins []catalog.ProductInput
	for i := range n - 1 {
		ins = append(ins, product(fmt.Sprintf("Lantern of paper and brass number %d", i), fmt.Sprintf("L%d", i), 100))
	}
	ins = append(ins, product("Lantern", "L-best", 100))
	if err := s.ImportProductsBulk(ctx, 1, ins); err != nil {
		t.Fatal(err)
	}
	var hidden []catalog.ProductInput
	for i := range 40 {
		hidden = append(hidden, product(fmt.Sprintf("Lantern %d", i), fmt.Sprintf("H%d", i), 100))
	}
	if err := s.ImportProductsBulk(ctx, 2, hidden); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for page := 1; page <= n/50+1; page++ {
		res := search(t, s, catalog.SearchQuery{Text: "lantern", Page: page, PerPage: 50})
		if page == 1 && (len(res.Hits) == 0 || res.Hits[0].Product.Title != "Lantern") {
			t.Errorf("first hit %q, want the shortest title", titles(res))
		}
		if res.Total != n {
			t.Errorf("page %d: total %d, want %d", page, res.Total, n)
		}
		for _, h := range res.Hits {
			if seen[h.Product.ID] || h.MerchantSlug != "lanterns" {
				t.Errorf("page %d: %q (shop %s) again or from a closed shop", page, h.Product.Title, h.MerchantSlug)
			}
			seen[h.Product.ID] = true
		}
	}
	if len(seen) != n {
		t.Errorf("pages covered %d of %d", len(seen), n)
	}
}

// TestSearchSortedOverManyMatches sorts by price and by date more matches
// than SQLite walks in SQL (over 2,000), with a suspended shop's matches
// among the newest and the dearest: the pages are the open matches in
// order, the total is capped without filters and exact with them.
func TestSearchSortedOverManyMatches(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "candles", merchants.MerchantActive)
	addMerchant(t, db, 2, "closed", merchants.MerchantSuspended)
	const n = 2200
	price := func(i int) int64 { return 1000 + int64(i*37%n) } // all different
	var ins []catalog.ProductInput
	for i := range n {
		ins = append(ins, product(fmt.Sprintf("Candle %d", i), fmt.Sprintf("C%d", i), price(i)))
	}
	ins = append(ins, product("Soap", "S1", 5000))
	if err := s.ImportProductsBulk(ctx, 1, ins); err != nil {
		t.Fatal(err)
	}
	var hidden []catalog.ProductInput
	for i := range 300 {
		hidden = append(hidden, product(fmt.Sprintf("Candle hidden %d", i), fmt.Sprintf("H%d", i), 9000+int64(i)))
	}
	if err := s.ImportProductsBulk(ctx, 2, hidden); err != nil {
		t.Fatal(err)
	}
	byPrice := make([]int, n)
	for i := range byPrice {
		byPrice[i] = i
	}
	slices.SortFunc(byPrice, func(a, b int) int { return int(price(b) - price(a)) })
	const minPrice = 2000 // the dearest 1,200
	cases := []struct {
		name  string
		q     catalog.SearchQuery
		order []int // the open matches, as indexes into ins
		total int64
	}{
		{"newest", catalog.SearchQuery{Text: "candle", Sort: catalog.SortNewest}, nil, catalog.CountCap},
		{"price high to low", catalog.SearchQuery{Text: "candle", Sort: catalog.SortPriceDesc}, byPrice, catalog.CountCap},
		{"price high to low, from a price", catalog.SearchQuery{Text: "candle", Sort: catalog.SortPriceDesc, MinPrice: minPrice}, byPrice[:n-minPrice+1000], n - minPrice + 1000},
	}
	for i := n - 1; i >= 0; i-- {
		cases[0].order = append(cases[0].order, i)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, page := range []int{1, 2, 21, 24, 25} {
				q := c.q
				q.Page, q.PerPage = page, 50
				res := search(t, s, q)
				if res.Total != c.total || res.TotalCapped != (c.total == catalog.CountCap) {
					t.Errorf("page %d: total %d (capped %v), want %d", page, res.Total, res.TotalCapped, c.total)
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

// TestSearchRelevanceOverManyMatches pages by relevance through more
// matches than are counted (over 2,000), as a prefix that completes to
// two words, one only in a description, with a suspended shop's matches
// the newest of all: the pages are the open matches, newest first among
// equals, the total capped; the description word is found on its own.
func TestSearchRelevanceOverManyMatches(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "candles", merchants.MerchantActive)
	addMerchant(t, db, 2, "closed", merchants.MerchantSuspended)
	soap := catalog.ProductInput{Title: "Soap", Description: "It smells of candlewick.", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: "S1", Price: 100, Currency: "USD", Stock: 1}}}
	ins := []catalog.ProductInput{soap}
	const n = 2100
	// On PostgreSQL the matches are one product in seventeen, so that the
	// newest are asked of the GIN index rather than walked; SQLite has no
	// such choice, and 36,000 products would only slow its tests down.
	fillers := 0
	if db.Dialector.Name() == "postgres" {
		fillers = 16
	}
	for i := range n {
		ins = append(ins, product(fmt.Sprintf("Candle %d", i), fmt.Sprintf("C%d", i), 100))
		for j := range fillers {
			ins = append(ins, product(fmt.Sprintf("Bar of soap %d", i*16+j), fmt.Sprintf("B%d", i*16+j), 100))
		}
	}
	if err := s.ImportProductsBulk(ctx, 1, ins); err != nil {
		t.Fatal(err)
	}
	var hidden []catalog.ProductInput
	for i := range 300 {
		hidden = append(hidden, product(fmt.Sprintf("Candle %d", 5000+i), fmt.Sprintf("H%d", i), 100))
	}
	if err := s.ImportProductsBulk(ctx, 2, hidden); err != nil {
		t.Fatal(err)
	}
	for _, page := range []int{1, 2, 10, 11, 12} {
		res := search(t, s, catalog.SearchQuery{Text: "cand", Page: page, PerPage: 50})
		if res.Total != catalog.CountCap || !res.TotalCapped {
			t.Errorf("page %d: total %d (capped %v), want %d+", page, res.Total, res.TotalCapped, catalog.CountCap)
		}
		var want []string
		for i := n - 1 - (page-1)*50; i > n-1-page*50; i-- {
			want = append(want, fmt.Sprintf("Candle %d", i))
		}
		if got := titles(res); !slices.Equal(got, want) {
			t.Errorf("page %d:\n got %q\nwant %q", page, got, want)
		}
	}
	res := search(t, s, catalog.SearchQuery{Text: "candlew"})
	if got := titles(res); res.Total != 1 || !slices.Equal(got, []string{"Soap"}) {
		t.Errorf("candlew: %q of %d, want the soap", got, res.Total)
	}
}
