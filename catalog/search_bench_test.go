package catalog_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mall-project/mall/catalog"
)

var benchWords = []string{
	"wireless", "headphones", "cotton", "shirt", "linen", "dress", "leather", "wallet", "ceramic", "mug",
	"organic", "tea", "coffee", "grinder", "steel", "kettle", "wool", "scarf", "silk", "pillow",
	"bamboo", "toothbrush", "walnut", "desk", "lamp", "copper", "pan", "cast", "iron", "skillet",
	"running", "shoes", "yoga", "mat", "glass", "vase", "canvas", "tote", "bag", "denim",
	"jacket", "vintage", "camera", "strap", "notebook", "fountain", "pen", "candle", "soap", "honey",
}

var benchCJK = []string{"蓝牙降噪耳机", "纯棉短袖衬衫", "真皮钱包", "陶瓷马克杯", "有机绿茶", "不锈钢水壶", "羊毛围巾", "竹制牙刷"}

// BenchmarkSearch measures search over a mall of CATALOG_BENCH_PRODUCTS
// products (20,000 unless set) spread over 100 shops, and reports the p50
// and p95 of the queries it ran (in turn, so each kind weighs the same).
// The queries cover common words (in a sixth of the products), a rare
// word, prefixes, Chinese, typos, filters, sorts, a deep page and
// searches in one shop and one category. The mall is seeded once, outside
// the timed sub-benchmark. Run it on both databases:
//
//	go test -run '^$' -bench Search -benchtime 400x ./catalog/
//	CATALOG_BENCH_PRODUCTS=100000 go test -run '^$' -bench Search -benchtime 400x -timeout 30m ./catalog/
//
// With -v it logs each query's hits and median time.
func BenchmarkSearch(b *testing.B) {
	total := 20000
	if v, err := strconv.Atoi(os.Getenv("CATALOG_BENCH_PRODUCTS")); err == nil && v > 0 {
		total = v
	}
	const merchants = 100
	ctx := context.Background()
	db, s := mustOpenStore(b)
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	for m := int64(1); m <= merchants; m++ {
		addMerchant(b, db, m, "shop-"+strconv.FormatInt(m, 10), "active")
		per := total / merchants
		ins := make([]catalog.ProductInput, per)
		for i := range ins {
			w := func() string { return benchWords[rng.IntN(len(benchWords))] }
			title := w() + " " + w() + " " + w()
			if i%10 == 0 {
				title += " " + benchCJK[rng.IntN(len(benchCJK))]
			}
			if i%500 == 7 {
				title += " heirloom" // a rare word: 0.2% of the products
			}
			ins[i] = catalog.ProductInput{
				Title:       title,
				Slug:        fmt.Sprintf("p-%d", i),
				Description: "A fine " + w() + " made of " + w() + " and " + w() + ", for every " + w() + ".",
				Tags:        []string{w(), w()},
				Status:      catalog.StatusActive,
				Featured:    i%50 == 0,
				Variants: []catalog.VariantInput{{
					SKU: fmt.Sprintf("S-%d", i), Price: int64(100 + rng.IntN(20000)), Currency: "USD", Stock: rng.IntN(3),
				}},
			}
		}
		if err := s.ImportProductsBulk(ctx, m, ins); err != nil {
			b.Fatal(err)
		}
	}
	// A third of shop 3's products are in its Kitchen category.
	kitchen, err := s.CreateCategory(ctx, 3, catalog.CategoryInput{Name: "Kitchen"})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO product_categories (merchant_id, product_id, category_id)
		SELECT merchant_id, id, ? FROM products WHERE merchant_id = 3 AND id % 3 = 0`, kitchen.ID).Error; err != nil {
		b.Fatal(err)
	}
	setMerchantStatus(b, db, 100, "suspended")
	b.Logf("seeded %d products in %s", total, time.Since(start).Round(time.Millisecond))

	queries := []catalog.SearchQuery{
		{Text: "headphones"},
		{Text: "wireless head"},
		{Text: "cer"},
		{Text: "leather wallet", Sort: catalog.SortPriceAsc},
		{Text: "mug", InStock: true, MaxPrice: 5000},
		{Text: "耳机"},
		{Text: "纯棉短袖"},
		{Text: "kettle", MerchantID: 42},
		{Text: "hedphones"},
		{Text: "coffee", Page: 3},
		{MerchantID: 7, Sort: catalog.SortNewest},
		{Text: "heirloom"},
		{Text: "lamp", Sort: catalog.SortNewest},
		{Text: "steel", MerchantID: 3, CategoryID: kitchen.ID},
		{Text: "silk", MinPrice: 15000, Sort: catalog.SortPriceDesc},
	}
	b.Run("mall", func(b *testing.B) {
		durations := make([]time.Duration, 0, b.N)
		perQuery := make([][]time.Duration, len(queries))
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			if _, err := s.Search(ctx, queries[i%len(queries)]); err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			durations = append(durations, d)
			perQuery[i%len(queries)] = append(perQuery[i%len(queries)], d)
		}
		b.StopTimer()
		slices.Sort(durations)
		p := func(q float64) float64 {
			return float64(durations[int(q*float64(len(durations)-1))].Microseconds()) / 1000
		}
		b.ReportMetric(p(0.5), "p50-ms")
		b.ReportMetric(p(0.95), "p95-ms")
		if testing.Verbose() {
			for i, q := range queries {
				res, _ := s.Search(ctx, q)
				ds := perQuery[i]
				if len(ds) == 0 {
					continue
				}
				slices.Sort(ds)
				b.Logf("%-50s %6d hits (capped %-5v) median %8s max %8s", describe(q), res.Total, res.TotalCapped,
					ds[len(ds)/2].Round(10*time.Microsecond), ds[len(ds)-1].Round(10*time.Microsecond))
			}
		}
	})
}

// describe names a benchmark query by what it sets.
func describe(q catalog.SearchQuery) string {
	d := fmt.Sprintf("%q", q.Text)
	for _, f := range []struct {
		name string
		v    int64
	}{{"shop", q.MerchantID}, {"category", q.CategoryID}, {"min", q.MinPrice}, {"max", q.MaxPrice}, {"page", int64(q.Page)}} {
		if f.v != 0 {
			d += fmt.Sprintf(" %s=%d", f.name, f.v)
		}
	}
	if q.InStock {
		d += " in-stock"
	}
	if q.Sort != "" {
		d += " " + string(q.Sort)
	}
	return d
}
