package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

// seedEnv is the environment of a mall in a temporary data directory:
// SQLite there, or a PostgreSQL schema of its own when DATABASE_URL is set.
// It returns the stores to look at what the seed wrote.
func seedEnv(t *testing.T) (func(string) string, *catalog.Store, *merchants.Store) {
	t.Helper()
	getenv, cat, ms, _ := seedEnvDB(t)
	return getenv, cat, ms
}

// seedEnvDB is seedEnv that also returns the database.
func seedEnvDB(t *testing.T) (func(string) string, *catalog.Store, *merchants.Store, *gorm.DB) {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"MALL_DATA_DIR": dir, "MALL_LOG_LEVEL": "warn"}
	var db *gorm.DB
	if os.Getenv("DATABASE_URL") != "" {
		var dbcfg database.Config
		db, dbcfg = dbtest.OpenWithURL(t)
		env["DATABASE_URL"] = dbcfg.URL
	} else {
		var err error
		db, err = database.Open(context.Background(), database.Config{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { closeDB(db) })
	}
	return func(k string) string { return env[k] }, catalog.NewStore(db), merchants.NewStore(db), db
}

func TestSeedLoadsProductsThatSearchFinds(t *testing.T) {
	getenv, cat, _ := seedEnv(t)
	var out bytes.Buffer
	err := run(context.Background(), []string{"seed", "--products", "300", "--merchants", "3"}, getenv, strings.NewReader(""), &out, &out)
	if err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "300/300 products") {
		t.Errorf("no finished progress bar in output:\n%s", out.String())
	}
	res, err := cat.Search(context.Background(), catalog.SearchQuery{Text: "backpack", PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 {
		t.Error("search for backpack found nothing in 300 generated products")
	}
	all, err := cat.Search(context.Background(), catalog.SearchQuery{PerPage: 1})
	if err == nil && all.Total != 300 {
		t.Logf("search without text counts %d products", all.Total)
	}
}

func TestDemoSeedBuildsTheDemoMall(t *testing.T) {
	getenv, cat, ms, db := seedEnvDB(t)
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--if-empty"}, getenv, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	for _, want := range []string{demoPassword, demoOperatorEmail, demoShopperEmail, "owner@xihu-tea.test"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("seed output does not mention %q", want)
		}
	}
	for _, shop := range demoShops {
		m, err := ms.MerchantBySlug(ctx, shop.Slug)
		if err != nil {
			t.Fatalf("merchant %s: %v", shop.Slug, err)
		}
		want := merchants.MerchantActive
		if shop.Pending {
			want = merchants.MerchantPending
		}
		if m.Status != want {
			t.Errorf("%s is %s, want %s", shop.Slug, m.Status, want)
		}
	}
	// Every open shop ships; the demo shopper has bought from two of them,
	// each shop seeing only its own order.
	ord := orders.NewStore(db, orders.Options{})
	delivered := 0
	for _, shop := range demoShops {
		if shop.Pending {
			continue
		}
		m, _ := ms.MerchantBySlug(ctx, shop.Slug)
		methods, err := ord.ActiveShippingMethods(ctx, m.ID)
		if err != nil || len(methods) != 2 {
			t.Errorf("%s has %d shipping methods (%v)", shop.Slug, len(methods), err)
		}
		list, _, err := ord.ListOrders(ctx, m.ID, orders.OrderFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range list {
			if o.MerchantID != m.ID || o.Email != demoShopperEmail {
				t.Errorf("%s lists order %s of merchant %d for %s", shop.Slug, o.Number, o.MerchantID, o.Email)
			}
			if o.Status == orders.StatusDelivered {
				delivered++
			}
		}
	}
	if n := countRows(t, db, "orders"); n != 3 || delivered != 1 {
		t.Errorf("demo orders: %d, %d delivered; want 3, 1 delivered", n, delivered)
	}
	// The delivered order's buyer reviewed it through the real rules: a
	// verified review, on the public log, counted in the product's rating.
	if n := countRows(t, db, "reviews"); n != 1 {
		t.Errorf("demo reviews: %d, want 1", n)
	}
	if n := countRows(t, db, "review_log_leaves"); n != 1 {
		t.Errorf("review log leaves: %d, want 1", n)
	}

	tea, _ := ms.MerchantBySlug(ctx, "xihu-tea")
	if tea.Locale != "zh-Hans" {
		t.Errorf("tea house locale %q", tea.Locale)
	}
	res, err := cat.Search(ctx, catalog.SearchQuery{Text: "龙井", PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range res.Hits {
		if strings.Contains(h.Product.Title, "西湖龙井") {
			found = true
		}
	}
	if !found {
		t.Errorf("search 龙井 did not find 西湖龙井 (%d hits)", res.Total)
	}

	// Seeding again with --if-empty leaves the mall as it is.
	out.Reset()
	if err := run(ctx, []string{"seed", "--if-empty"}, getenv, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	if !strings.Contains(out.String(), "nothing to do") {
		t.Errorf("second seed output: %s", out.String())
	}
}

func countRows(t *testing.T, db *gorm.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
