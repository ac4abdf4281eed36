package catalog_test

import (
	"context"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
)

// Prices, stock and weights above what a shop can really hold are refused
// with a message naming the bound, and the bounds themselves are accepted
// and stored exactly on both databases (stock above 2^31 used to be a 500
// on PostgreSQL, whose column is an INTEGER).
func TestPricesStockAndWeightAreBounded(t *testing.T) {
	ctx := context.Background()
	_, s := mustOpenStore(t)
	edit := func(f func(v *catalog.VariantInput)) catalog.ProductInput {
		in := product("Bounded", "SKU-B", 100)
		f(&in.Variants[0])
		return in
	}
	tests := []struct {
		name  string
		in    catalog.ProductInput
		field string
		key   string
	}{
		{"price", edit(func(v *catalog.VariantInput) { v.Price = mall.MaxPrice + 1 }), "variants.0.price", "catalog.error.price_too_high"},
		{"compare-at price", edit(func(v *catalog.VariantInput) { v.CompareAtPrice = mall.MaxPrice + 1 }), "variants.0.compare_at_price", "catalog.error.price_too_high"},
		{"stock past int32", edit(func(v *catalog.VariantInput) { v.Stock = 1 << 31 }), "variants.0.stock", "catalog.error.stock_too_high"},
		{"stock", edit(func(v *catalog.VariantInput) { v.Stock = catalog.MaxStock + 1 }), "variants.0.stock", "catalog.error.stock_too_high"},
		{"weight", edit(func(v *catalog.VariantInput) { v.WeightGrams = 1 << 40 }), "variants.0.weight_grams", "catalog.error.weight_too_high"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateProduct(ctx, 1, tt.in)
			if mall.ErrorCode(err) != mall.EInvalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if got := fieldKey(err, tt.field); got != tt.key {
				t.Fatalf("field %s = %q, want %q (all: %v)", tt.field, got, tt.key, err)
			}
		})
	}
	// The message names the bound, in the shopper's money and numbers.
	_, err := s.CreateProduct(ctx, 1, tests[0].in)
	if msg := i18n.Error(ctx, mall.Fields(err)["variants.0.price"]); msg != "A price can be at most $10,000,000.00." {
		t.Errorf("price message = %q", msg)
	}
	_, err = s.CreateProduct(ctx, 1, tests[2].in)
	if msg := i18n.Error(ctx, mall.Fields(err)["variants.0.stock"]); msg != "Stock can be at most 1,000,000,000." {
		t.Errorf("stock message = %q", msg)
	}

	// At the bounds: stored as given.
	in := edit(func(v *catalog.VariantInput) {
		v.Price, v.CompareAtPrice, v.Stock, v.WeightGrams = mall.MaxPrice-1, mall.MaxPrice, catalog.MaxStock, catalog.MaxWeightGrams
	})
	p := mustCreate(t, s, 1, in)
	got, err := s.ProductInMerchant(ctx, 1, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Variants[0]; v.Price != mall.MaxPrice-1 || v.CompareAtPrice != mall.MaxPrice || v.Stock != catalog.MaxStock || v.WeightGrams != catalog.MaxWeightGrams {
		t.Fatalf("stored %+v", v)
	}

	// Setting the stock alone is bounded the same way and changes nothing.
	vid := p.Variants[0].ID
	for _, n := range []int{1 << 31, catalog.MaxStock + 1} {
		if err := s.SetStock(ctx, 1, vid, n); fieldKey(err, "stock") != "catalog.error.stock_too_high" {
			t.Errorf("SetStock(%d) = %v", n, err)
		}
	}
	got, _ = s.ProductInMerchant(ctx, 1, p.ID)
	if got.Variants[0].Stock != catalog.MaxStock {
		t.Errorf("stock = %d after refused changes", got.Variants[0].Stock)
	}

	// A bulk import names the product and keeps the bound in its message.
	err = s.ImportProductsBulk(ctx, 1, []catalog.ProductInput{product("Fine", "F-1", 1), tests[0].in})
	if e := mall.Fields(err)["products.1.variants.0.price"]; e == nil || i18n.Error(ctx, e) != "A price can be at most $10,000,000.00." {
		t.Errorf("bulk import: %v", err)
	}
}
