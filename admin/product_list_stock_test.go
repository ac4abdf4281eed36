package admin_test

import (
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
)

func TestProductsListShowsThumbnailsAndStockCounts(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "acme", true)
	if p := b.PostMultipart("/admin/products", maProductForm("Tee"), malltest.File{Field: "image", Name: "a.png", Type: "image/png", Data: malltest.PNG(t, 40, 30)}); p.Status != 303 {
		t.Fatalf("product: %d", p.Status)
	}
	prod, err := app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, v := range prod.Variants {
		total += v.Stock
	}
	p := b.Get("/admin/products")
	row := p.Doc.Find(`[data-testid="product-row"]`)
	if src, _ := row.Find(`[data-testid="product-thumb"]`).Attr("src"); src == "" {
		t.Error("no thumbnail")
	}
	if got := strings.TrimSpace(row.Find(`[data-testid="product-stock"]`).Text()); !strings.Contains(got, itoa(int64(total))) {
		t.Errorf("stock cell %q, want %d in stock", got, total)
	}
	// "URL handle", not "Address", names the product's slug.
	if got := b.Get("/admin/products/new").Text(`label[for="field-slug"]`); got != "URL handle" {
		t.Errorf("slug label %q", got)
	}
}
