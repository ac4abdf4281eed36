package catalog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
)

// TestDescriptionIsRenderedWhenSaved: a product's description is rendered
// when it is saved and that rendering is what its page shows; a row whose
// rendering was stored by another version of the renderer (or by none, as
// rows saved before there was one) is rendered afresh on reading.
func TestDescriptionIsRenderedWhenSaved(t *testing.T) {
	db, store := mustOpenStore(t)
	ctx := context.Background()
	addMerchant(t, db, 1, "tea", merchants.MerchantActive)
	in := product("Sencha", "S-1", 1250)
	in.Description = "Steamed **green** tea.<script>alert(1)</script>"
	p, err := store.CreateProduct(ctx, 1, in)
	if err != nil {
		t.Fatal(err)
	}
	read := func() *catalog.Product {
		t.Helper()
		got, err := store.ProductInMerchant(ctx, 1, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := read()
	if want := catalog.DescriptionHTML(in.Description); got.RenderedDescription != want || got.DescriptionHTML() != want {
		t.Fatalf("stored rendering %q, page shows %q, want %q", got.RenderedDescription, got.DescriptionHTML(), want)
	}
	if strings.Contains(got.DescriptionHTML(), "<script") || !strings.Contains(got.DescriptionHTML(), "<strong>green</strong>") {
		t.Fatalf("rendering %q", got.DescriptionHTML())
	}
	version := got.RenderedVersion
	if version == 0 {
		t.Fatal("no rendering version stored")
	}

	// What is stored is what is shown: nothing is rendered on reading.
	if err := db.Exec("UPDATE products SET description_html = ? WHERE id = ?", "<p>stored</p>", p.ID).Error; err != nil {
		t.Fatal(err)
	}
	if got := read().DescriptionHTML(); got != "<p>stored</p>" {
		t.Errorf("page shows %q, want the stored rendering", got)
	}
	// Another version's rendering (or none) is not trusted.
	for _, v := range []int{0, version + 1} {
		if err := db.Exec("UPDATE products SET description_html = ?, description_html_version = ? WHERE id = ?", "<p>stale</p>", v, p.ID).Error; err != nil {
			t.Fatal(err)
		}
		if got, want := read().DescriptionHTML(), catalog.DescriptionHTML(in.Description); got != want {
			t.Errorf("version %d: page shows %q, want it rendered afresh %q", v, got, want)
		}
	}

	// Saving again stores the new text's rendering.
	in.Description = "Now *roasted*."
	in.Variants[0].ID = p.Variants[0].ID
	if _, err := store.UpdateProduct(ctx, 1, p.ID, in); err != nil {
		t.Fatal(err)
	}
	if got := read(); got.RenderedVersion != version || got.RenderedDescription != catalog.DescriptionHTML(in.Description) {
		t.Errorf("after update: stored %q (version %d)", got.RenderedDescription, got.RenderedVersion)
	}
}
