package catalog_test

import (
	"context"

	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

// mustOpenStore gives a test a fresh database and a catalog Store on it.
func mustOpenStore(t testing.TB) (*gorm.DB, *catalog.Store) {
	t.Helper()
	db := dbtest.Open(t)
	return db, catalog.NewStore(db)
}

// addMerchant inserts a merchants row by SQL: the catalog only reads that
// table by name. Until the merchants package's migration exists, a minimal
// table stands in for it.
func addMerchant(t testing.TB, db *gorm.DB, id int64, slug string, status merchants.MerchantStatus) {
	t.Helper()
	if !db.Migrator().HasTable("merchants") {
		if err := db.Exec(`CREATE TABLE IF NOT EXISTS merchants (id BIGINT PRIMARY KEY, slug TEXT, name TEXT, status TEXT)`).Error; err != nil {
			t.Fatal(err)
		}
	}
	cols, vals := "id, slug, name, status", "?, ?, ?, ?"
	args := []any{id, slug, "Shop " + slug, status}
	for _, c := range []string{"created_at", "updated_at"} {
		if db.Migrator().HasColumn("merchants", c) {
			cols += ", " + c
			vals += ", ?"
			args = append(args, time.Now().UTC())
		}
	}
	if err := db.Exec("INSERT INTO merchants ("+cols+") VALUES ("+vals+")", args...).Error; err != nil {
		t.Fatalf("add merchant: %v", err)
	}
}

func setMerchantStatus(t testing.TB, db *gorm.DB, id int64, status merchants.MerchantStatus) {
	t.Helper()
	if err := db.Exec("UPDATE merchants SET status = ? WHERE id = ?", status, id).Error; err != nil {
		t.Fatal(err)
	}
}

// product is a valid active input with one variant.
func product(title, sku string, price int64) catalog.ProductInput {
	return catalog.ProductInput{
		Title:  title,
		Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{
			{SKU: sku, Price: price, Currency: "USD", Stock: 5},
		},
	}
}

func mustCreate(t testing.TB, s *catalog.Store, merchantID int64, in catalog.ProductInput) *catalog.Product {
	t.Helper()
	p, err := s.CreateProduct(context.Background(), merchantID, in)
	if err != nil {
		t.Fatalf("create %q: %v", in.Title, err)
	}
	return p
}

// fieldKey returns the i18n key of the error on field, or "".
func fieldKey(err error, field string) string {
	if e := mall.Fields(err)[field]; e != nil {
		return e.Key
	}
	return ""
}

func titles(res *catalog.SearchResult) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.Product.Title
	}
	return out
}

func search(t testing.TB, s *catalog.Store, q catalog.SearchQuery) *catalog.SearchResult {
	t.Helper()
	res, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}
