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
// products (20,000 unless set) spread over 100 shops, and reports the p95
// of the queries it ran. Run it on both databases:
//
//	go test -run '^$' -bench Search -benchtime 400x ./catalog/
//	CATALOG_BENCH_PRODUCTS=100000 go test -run '^$' -bench Search -benchtime 400x -timeout 30m ./catalog/
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
	}
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := s.Search(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(durations)
	p := func(q float64) float64 {
		return float64(durations[int(q*float64(len(durations)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(p(0.5), "p50-ms")
	b.ReportMetric(p(0.95), "p95-ms")
	if os.Getenv("CATALOG_BENCH_SQL") != "" {
		for _, q := range []string{
			`SELECT count(*) FROM product_search WHERE product_search MATCH '"headphones"*'`,
			`SELECT count(bm25(product_search)) FROM product_search WHERE product_search MATCH '"headphones"*'`,
			`SELECT rowid FROM product_search WHERE product_search MATCH '"headphones"*' ORDER BY bm25(product_search) LIMIT 20`,
			`WITH fts AS MATERIALIZED (SELECT rowid AS id, bm25(product_search) AS score FROM product_search WHERE product_search MATCH '"headphones"*') SELECT count(*) FROM fts JOIN products p ON p.id = fts.id`,
			`WITH fts AS MATERIALIZED (SELECT rowid AS id, bm25(product_search) AS score FROM product_search WHERE product_search MATCH '"headphones"*') SELECT p.id FROM fts JOIN products p ON p.id = fts.id JOIN merchants m ON m.id = p.merchant_id WHERE p.status='active' AND m.status='active' ORDER BY score LIMIT 20`,
		} {
			t0 := time.Now()
			var n []int64
			db.Raw(q).Scan(&n)
			b.Logf("%8s %s", time.Since(t0).Round(10*time.Microsecond), q)
		}
	}
	if testing.Verbose() {
		for _, q := range queries {
			t0 := time.Now()
			res, _ := s.Search(ctx, q)
			b.Logf("%-40q %6d hits %8s", q.Text, res.Total, time.Since(t0).Round(10*time.Microsecond))
		}
	}
}
