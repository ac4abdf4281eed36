package catalog_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
)

// TestProductReadMatchesTheTables: the product read by hand in two
// statements is the product as gorm reads it from its tables, row by row
// and in each part's order, published or not.
func TestProductReadMatchesTheTables(t *testing.T) {
	db, store := mustOpenStore(t)
	ctx := context.Background()
	addMerchant(t, db, 1, "tea", merchants.MerchantActive)
	var catIDs []int64
	for _, c := range []catalog.CategoryInput{{Name: "Zest", Position: 1}, {Name: "Black", Position: 1}, {Name: "Green", Position: 0}} {
		cat, err := store.CreateCategory(ctx, 1, c)
		if err != nil {
			t.Fatal(err)
		}
		catIDs = append(catIDs, cat.ID)
	}
	if _, err := store.CreateCategory(ctx, 1, catalog.CategoryInput{Name: "Not this one"}); err != nil {
		t.Fatal(err)
	}
	in := product("Sencha", "S-50", 1250)
	in.Slug = "sencha"
	in.Description = "Steamed **green** tea."
	in.Tags = []string{"green", "japan"}
	in.OptionNames = [3]string{"Size", "Pack"}
	in.CategoryIDs = catIDs
	in.Variants = []catalog.VariantInput{
		{SKU: "S-100", Options: [3]string{"100 g", "tin"}, Price: 2200, CompareAtPrice: 2500, Currency: "USD", Stock: 3, WeightGrams: 120},
		{SKU: "S-50", Options: [3]string{"50 g", "bag"}, Price: 1250, Currency: "USD", Stock: 0},
	}
	p, err := store.CreateProduct(ctx, 1, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.jpg", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg"} {
		if _, err := store.AddImage(ctx, 1, p.ID, catalog.ImageInput{Key: key, Alt: "tin " + key[:1], Width: 640, Height: 480}); err != nil {
			t.Fatal(err)
		}
	}
	// Another product of the shop, whose parts must not come along.
	other := product("Hojicha", "H-1", 900)
	other.CategoryIDs = catIDs[:1]
	if _, err := store.CreateProduct(ctx, 1, other); err != nil {
		t.Fatal(err)
	}

	var want catalog.Product
	if err := db.Preload("Variants", func(q *gorm.DB) *gorm.DB { return q.Order("position, id") }).
		Preload("Images", func(q *gorm.DB) *gorm.DB { return q.Order("position, id") }).
		First(&want, "merchant_id = ? AND id = ?", 1, p.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw(`SELECT c.* FROM categories c JOIN product_categories pc ON pc.category_id = c.id
		WHERE c.merchant_id = ? AND pc.product_id = ? ORDER BY c.position, c.name`, 1, p.ID).Scan(&want.Categories).Error; err != nil {
		t.Fatal(err)
	}
	if len(want.Variants) != 2 || len(want.Images) != 2 || len(want.Categories) != 3 {
		t.Fatalf("fixture: %d variants, %d images, %d categories", len(want.Variants), len(want.Images), len(want.Categories))
	}

	byID, err := store.ProductInMerchant(ctx, 1, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	bySlug, err := store.ProductBySlug(ctx, 1, "sencha")
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]*catalog.Product{"by id": byID, "by slug": bySlug} {
		if !reflect.DeepEqual(utcProduct(got), utcProduct(&want)) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, utcProduct(got), utcProduct(&want))
		}
	}
	if _, err := store.ProductBySlug(ctx, 2, "sencha"); err == nil {
		t.Error("another merchant's product read by slug")
	}
}

// utcProduct is p with every time in UTC, so that equal instants compare
// equal whatever location the driver gave them.
func utcProduct(p *catalog.Product) catalog.Product {
	c := *p
	u := func(t time.Time) time.Time { return t.UTC() }
	c.CreatedAt, c.UpdatedAt = u(c.CreatedAt), u(c.UpdatedAt)
	if c.PublishedAt != nil {
		t := u(*c.PublishedAt)
		c.PublishedAt = &t
	}
	c.Variants = append([]catalog.Variant(nil), p.Variants...)
	for i := range c.Variants {
		c.Variants[i].CreatedAt, c.Variants[i].UpdatedAt = u(c.Variants[i].CreatedAt), u(c.Variants[i].UpdatedAt)
	}
	c.Images = append([]catalog.Image(nil), p.Images...)
	for i := range c.Images {
		c.Images[i].CreatedAt = u(c.Images[i].CreatedAt)
	}
	c.Categories = append([]catalog.Category(nil), p.Categories...)
	for i := range c.Categories {
		c.Categories[i].CreatedAt, c.Categories[i].UpdatedAt = u(c.Categories[i].CreatedAt), u(c.Categories[i].UpdatedAt)
	}
	return c
}
