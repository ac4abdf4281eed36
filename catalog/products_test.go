package catalog_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

func TestCreateProductStoresVariantsAndSummary(t *testing.T) {
	ctx := context.Background()
	_, s := mustOpenStore(t)
	cat, err := s.CreateCategory(ctx, 1, catalog.CategoryInput{Name: "Audio"})
	if err != nil {
		t.Fatal(err)
	}
	in := catalog.ProductInput{
		Title:       "  Wireless Headphones ",
		Description: "**Loud** and clear <script>alert(1)</script>",
		Status:      catalog.StatusActive,
		Tags:        []string{"Audio, Bluetooth", "audio"},
		OptionNames: [3]string{"Colour"},
		CategoryIDs: []int64{cat.ID},
		Variants: []catalog.VariantInput{
			{SKU: "HP-BLK", Options: [3]string{"Black"}, Price: 5999, CompareAtPrice: 7999, Currency: "usd", Stock: 0},
			{SKU: "HP-WHT", Options: [3]string{"White"}, Price: 4999, Currency: "USD", Stock: 3},
		},
	}
	p, err := s.CreateProduct(ctx, 1, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ProductBySlug(ctx, 1, "wireless-headphones")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != p.ID || got.Title != "Wireless Headphones" || got.MinPrice != 4999 || !got.InStock || got.Currency != "USD" {
		t.Errorf("product = %+v", got)
	}
	if strings.Join(got.Tags, "|") != "audio|bluetooth" {
		t.Errorf("tags = %q", got.Tags)
	}
	if len(got.Variants) != 2 || got.Variants[0].SKU != "HP-BLK" || !got.Variants[0].OnSale() {
		t.Errorf("variants = %+v", got.Variants)
	}
	if len(got.Categories) != 1 || got.Categories[0].Name != "Audio" {
		t.Errorf("categories = %+v", got.Categories)
	}
	if got.PublishedAt == nil {
		t.Error("active product has no PublishedAt")
	}
	html := got.DescriptionHTML()
	if !strings.Contains(html, "<strong>Loud</strong>") || strings.Contains(html, "<script") {
		t.Errorf("description html = %q", html)
	}
}

func TestProductValidation(t *testing.T) {
	ctx := context.Background()
	_, s := mustOpenStore(t)
	mustCreate(t, s, 1, product("Taken", "SKU-1", 100))
	valid := func(edit func(*catalog.ProductInput)) catalog.ProductInput {
		in := product("Fine", "SKU-2", 100)
		edit(&in)
		return in
	}
	tests := []struct {
		name  string
		in    catalog.ProductInput
		field string
		key   string
	}{
		{"title required", valid(func(in *catalog.ProductInput) { in.Title = " " }), "title", "catalog.error.title_required"},
		{"title too long", valid(func(in *catalog.ProductInput) { in.Title = strings.Repeat("x", 201) }), "title", "catalog.error.title_too_long"},
		{"slug format", valid(func(in *catalog.ProductInput) { in.Slug = "Not A Slug" }), "slug", "catalog.error.slug_invalid"},
		{"slug taken", valid(func(in *catalog.ProductInput) { in.Slug = "taken" }), "slug", "catalog.error.slug_taken"},
		{"status", valid(func(in *catalog.ProductInput) { in.Status = "sold" }), "status", "catalog.error.status_invalid"},
		{"no variant", valid(func(in *catalog.ProductInput) { in.Variants = nil }), "variants", "catalog.error.variant_required"},
		{"sku required", valid(func(in *catalog.ProductInput) { in.Variants[0].SKU = "" }), "variants.0.sku", "catalog.error.sku_required"},
		{"sku taken", valid(func(in *catalog.ProductInput) { in.Variants[0].SKU = "SKU-1" }), "variants.0.sku", "catalog.error.sku_taken"},
		{"sku twice", valid(func(in *catalog.ProductInput) {
			in.Variants = append(in.Variants, catalog.VariantInput{SKU: "sku-2", Price: 1, Currency: "USD"})
		}), "variants.1.sku", "catalog.error.sku_taken"},
		{"negative price", valid(func(in *catalog.ProductInput) { in.Variants[0].Price = -1 }), "variants.0.price", "catalog.error.price_invalid"},
		{"compare at below price", valid(func(in *catalog.ProductInput) { in.Variants[0].CompareAtPrice = 50 }), "variants.0.compare_at_price", "catalog.error.compare_at_price_invalid"},
		{"currency", valid(func(in *catalog.ProductInput) { in.Variants[0].Currency = "dollars" }), "variants.0.currency", "catalog.error.currency_invalid"},
		{"negative stock", valid(func(in *catalog.ProductInput) { in.Variants[0].Stock = -1 }), "variants.0.stock", "catalog.error.stock_negative"},
		{"option without name", valid(func(in *catalog.ProductInput) { in.Variants[0].Options[1] = "M" }), "option2_name", "catalog.error.option_name_required"},
		{"foreign category", valid(func(in *catalog.ProductInput) { in.CategoryIDs = []int64{999} }), "categories", "catalog.error.category_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateProduct(ctx, 1, tt.in)
			if mall.ErrorCode(err) != mall.EInvalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if got := fieldKey(err, tt.field); got != tt.key {
				t.Errorf("field %s = %q, want %q (all: %v)", tt.field, got, tt.key, err)
			}
		})
	}
}

func TestSlugFromChineseTitle(t *testing.T) {
	_, s := mustOpenStore(t)
	p := mustCreate(t, s, 1, product("蓝牙降噪耳机", "EAR-1", 19900))
	if !mall.ValidSlug(p.Slug) {
		t.Errorf("slug %q is not valid", p.Slug)
	}
}

func TestSKUUniquePerMerchant(t *testing.T) {
	_, s := mustOpenStore(t)
	mustCreate(t, s, 1, product("Mug", "MUG-1", 1200))
	// Another merchant may use the same SKU and slug.
	mustCreate(t, s, 2, product("Mug", "MUG-1", 1300))
	_, err := s.CreateProduct(context.Background(), 1, product("Other mug", "MUG-1", 1200))
	if got := fieldKey(err, "variants.0.sku"); got != "catalog.error.sku_taken" {
		t.Errorf("same SKU in the same merchant: %v", err)
	}
}

func TestUpdateProductReplacesVariants(t *testing.T) {
	ctx := context.Background()
	_, s := mustOpenStore(t)
	in := product("Tee", "TEE-S", 1500)
	in.OptionNames[0] = "Size"
	in.Variants[0].Options[0] = "S"
	in.Variants = append(in.Variants, catalog.VariantInput{SKU: "TEE-M", Options: [3]string{"M"}, Price: 1500, Currency: "USD", Stock: 1})
	p := mustCreate(t, s, 1, in)

	up := in
	up.Title = "Organic Tee"
	up.Variants = []catalog.VariantInput{
		{ID: p.Variants[1].ID, SKU: "TEE-M", Options: [3]string{"M"}, Price: 1800, Currency: "USD", Stock: 0},
		{SKU: "TEE-L", Options: [3]string{"L"}, Price: 2000, Currency: "USD", Stock: 0},
	}
	got, err := s.UpdateProduct(ctx, 1, p.ID, up)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Organic Tee" || got.MinPrice != 1800 || got.InStock {
		t.Errorf("product = %+v", got)
	}
	var skus []string
	for _, v := range got.Variants {
		skus = append(skus, v.SKU)
	}
	if strings.Join(skus, ",") != "TEE-M,TEE-L" || got.Variants[0].ID != p.Variants[1].ID {
		t.Errorf("variants = %v", got.Variants)
	}
	// The removed variant's SKU is free again.
	mustCreate(t, s, 1, product("Small tee", "TEE-S", 1500))
}

func TestTenancy(t *testing.T) {
	ctx := context.Background()
	_, s := mustOpenStore(t)
	p := mustCreate(t, s, 1, product("Secret", "SEC-1", 100))
	cat, err := s.CreateCategory(ctx, 1, catalog.CategoryInput{Name: "Mine"})
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]func() error{
		"read": func() error { _, err := s.ProductInMerchant(ctx, 2, p.ID); return err },
		"slug": func() error { _, err := s.ProductBySlug(ctx, 2, p.Slug); return err },
		"update": func() error {
			_, err := s.UpdateProduct(ctx, 2, p.ID, product("Stolen", "SEC-2", 1))
			return err
		},
		"archive":      func() error { return s.ArchiveProduct(ctx, 2, p.ID) },
		"stock":        func() error { return s.SetStock(ctx, 2, p.Variants[0].ID, 0) },
		"image":        func() error { _, err := s.AddImage(ctx, 2, p.ID, catalog.ImageInput{Key: "k"}); return err },
		"category":     func() error { _, err := s.CategoryInMerchant(ctx, 2, cat.ID); return err },
		"del category": func() error { return s.DeleteCategory(ctx, 2, cat.ID) },
	}
	for name, fn := range checks {
		if err := fn(); mall.ErrorCode(err) != mall.ENotFound {
			t.Errorf("%s by another merchant: err = %v, want not found", name, err)
		}
	}
	// Merchant 2 may not link merchant 1's category either.
	in := product("Mine too", "SEC-3", 1)
	in.CategoryIDs = []int64{cat.ID}
	if _, err := s.CreateProduct(ctx, 2, in); fieldKey(err, "categories") == "" {
		t.Errorf("foreign category accepted: %v", err)
	}
	got, err := s.ProductInMerchant(ctx, 1, p.ID)
	if err != nil || got.Title != "Secret" || got.Status != catalog.StatusActive || got.Variants[0].Stock != 5 {
		t.Errorf("owner's product changed: %+v, %v", got, err)
	}
	mustCreate(t, s, 2, product("Theirs", "SEC-4", 1))
	list, total, err := s.ListProducts(ctx, 2, catalog.ProductFilter{})
	if err != nil || total != 1 || len(list) != 1 || list[0].Title != "Theirs" {
		t.Errorf("merchant 2 lists %v (%d), %v", list, total, err)
	}
}

func TestStockNeverNegative(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	p := mustCreate(t, s, 1, product("Lamp", "LAMP", 100))
	vid := p.Variants[0].ID
	if err := s.SetStock(ctx, 1, vid, -3); fieldKey(err, "stock") != "catalog.error.stock_negative" {
		t.Errorf("negative stock: %v", err)
	}
	// The database refuses it too, whoever writes.
	if err := db.Exec("UPDATE variants SET stock = stock - 10 WHERE id = ?", vid).Error; err == nil {
		t.Error("database accepted negative stock")
	}
	if err := s.SetStock(ctx, 1, vid, 0); err != nil {
		t.Fatal(err)
	}
	got, _ := s.ProductInMerchant(ctx, 1, p.ID)
	if got.Variants[0].Stock != 0 || got.InStock {
		t.Errorf("after SetStock(0): stock %d, in stock %v", got.Variants[0].Stock, got.InStock)
	}
}

func TestArchiveHidesProduct(t *testing.T) {
	ctx := context.Background()
	_, s := mustOpenStore(t)
	p := mustCreate(t, s, 1, product("Vase", "VASE", 100))
	var changed []int64
	s.OnChange(func(m int64) { changed = append(changed, m) })
	if err := s.ArchiveProduct(ctx, 1, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ProductBySlug(ctx, 1, "vase"); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("archived product by slug: %v", err)
	}
	if len(changed) != 1 || changed[0] != 1 {
		t.Errorf("OnChange calls = %v", changed)
	}
	list, total, _ := s.ListProducts(ctx, 1, catalog.ProductFilter{Status: catalog.StatusArchived})
	if total != 1 || list[0].ID != p.ID {
		t.Errorf("archived list = %v", list)
	}
}

func TestImagesSetPrimary(t *testing.T) {
	ctx := context.Background()
	_, s := mustOpenStore(t)
	p := mustCreate(t, s, 1, product("Chair", "CH", 100))
	a, err := s.AddImage(ctx, 1, p.ID, catalog.ImageInput{Key: "aaa", Alt: "front", Width: 10, Height: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddImage(ctx, 1, p.ID, catalog.ImageInput{Key: "bbb", Alt: "side"}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.ProductInMerchant(ctx, 1, p.ID)
	if got.PrimaryImageKey != "aaa" || len(got.Images) != 2 || got.Images[1].Position != 1 {
		t.Errorf("images = %+v primary %q", got.Images, got.PrimaryImageKey)
	}
	if err := s.RemoveImage(ctx, 1, a.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = s.ProductInMerchant(ctx, 1, p.ID)
	if got.PrimaryImageKey != "bbb" || len(got.Images) != 1 {
		t.Errorf("after remove: %+v primary %q", got.Images, got.PrimaryImageKey)
	}
}

func TestCategories(t *testing.T) {
	ctx := context.Background()
	_, s := mustOpenStore(t)
	c, err := s.CreateCategory(ctx, 1, catalog.CategoryInput{Name: "Kitchen", Position: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateCategory(ctx, 1, catalog.CategoryInput{Name: "Kitchen"}); fieldKey(err, "slug") != "catalog.error.slug_taken" {
		t.Errorf("duplicate slug: %v", err)
	}
	if _, err := s.CreateCategory(ctx, 2, catalog.CategoryInput{Name: "Kitchen"}); err != nil {
		t.Errorf("same slug in another merchant: %v", err)
	}
	if _, err := s.CreateCategory(ctx, 1, catalog.CategoryInput{}); fieldKey(err, "name") != "catalog.error.name_required" {
		t.Errorf("empty name: %v", err)
	}
	for i, title := range []string{"Pan", "Pot", "Draft knife"} {
		in := product(title, "K"+title, int64(100*(i+1)))
		in.CategoryIDs = []int64{c.ID}
		if i == 2 {
			in.Status = catalog.StatusDraft
		}
		mustCreate(t, s, 1, in)
	}
	ps, total, err := s.ProductsInCategory(ctx, 1, c.ID, 1, 1)
	if err != nil || total != 2 || len(ps) != 1 || ps[0].Title != "Pot" {
		t.Errorf("page 1 = %v total %d err %v", ps, total, err)
	}
	ps, _, _ = s.ProductsInCategory(ctx, 1, c.ID, 2, 1)
	if len(ps) != 1 || ps[0].Title != "Pan" {
		t.Errorf("page 2 = %v", ps)
	}
	if up, err := s.UpdateCategory(ctx, 1, c.ID, catalog.CategoryInput{Name: "Cooking", Slug: "cooking"}); err != nil || up.Slug != "cooking" {
		t.Errorf("update = %+v, %v", up, err)
	}
	if err := s.DeleteCategory(ctx, 1, c.ID); err != nil {
		t.Fatal(err)
	}
	if cs, _ := s.Categories(ctx, 1); len(cs) != 0 {
		t.Errorf("categories after delete = %v", cs)
	}
}

func TestListProductsFilters(t *testing.T) {
	ctx := context.Background()
	_, s := mustOpenStore(t)
	mustCreate(t, s, 1, product("Red Kettle", "KET-RED", 100))
	d := product("Blue Kettle", "KET-BLUE", 100)
	d.Status = catalog.StatusDraft
	mustCreate(t, s, 1, d)
	mustCreate(t, s, 1, product("Toaster", "TOAST_1", 100))
	tests := []struct {
		f    catalog.ProductFilter
		want int64
	}{
		{catalog.ProductFilter{}, 3},
		{catalog.ProductFilter{Query: "kettle"}, 2},
		{catalog.ProductFilter{Query: "ket-blue"}, 1},
		{catalog.ProductFilter{Query: "_"}, 1},
		{catalog.ProductFilter{Status: catalog.StatusDraft}, 1},
		{catalog.ProductFilter{Query: "kettle", Status: catalog.StatusActive}, 1},
	}
	for _, tt := range tests {
		_, total, err := s.ListProducts(ctx, 1, tt.f)
		if err != nil || total != tt.want {
			t.Errorf("%+v: total %d, want %d (%v)", tt.f, total, tt.want, err)
		}
	}
}

func TestImportProductsBulk(t *testing.T) {
	ctx := context.Background()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "bulk", merchants.MerchantActive)
	var ins []catalog.ProductInput
	for i := range 1200 {
		ins = append(ins, product("Bulk widget "+strings.Repeat("x", i%3), "B-"+itoa(i), int64(i)))
		ins[i].Slug = "bulk-" + itoa(i)
	}
	if err := s.ImportProductsBulk(ctx, 1, ins); err != nil {
		t.Fatalf("import: %v", err)
	}
	res := search(t, s, catalog.SearchQuery{Text: "widget"})
	if res.Total != 1200 {
		t.Errorf("search after import: total %d", res.Total)
	}
	bad := []catalog.ProductInput{product("ok", "OK-1", 1), product("", "OK-2", 1)}
	if err := s.ImportProductsBulk(ctx, 1, bad); fieldKey(err, "products.1.title") != "catalog.error.title_required" {
		t.Errorf("invalid import: %v", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
