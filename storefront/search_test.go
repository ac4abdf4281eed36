package storefront_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
)

// TestSearchSaysWhenItStoppedCounting seeds more products than search
// counts (catalog.CountCap) and checks that the mall's and a shop's search
// pages say "2,000+ products" rather than a total that looks exact, and
// that a search finding fewer says the exact number, the products of a
// suspended shop left out.
func TestSearchSaysWhenItStoppedCounting(t *testing.T) {
	s := newShopMall(t)
	big := s.merchant(merchants.Merchant{Slug: "lanterns", Name: "Lantern Hall"})
	closed := s.merchant(merchants.Merchant{Slug: "closed", Name: "Closed Shop", Status: merchants.MerchantSuspended})
	ctx := context.Background()
	seed := func(merchantID int64, n int, title string) {
		ins := make([]catalog.ProductInput, n)
		for i := range ins {
			ins[i] = catalog.ProductInput{
				Title: fmt.Sprintf("%s %d", title, i), Slug: fmt.Sprintf("%s-%d", strings.ToLower(strings.Fields(title)[0]), i),
				Status:   catalog.StatusActive,
				Variants: []catalog.VariantInput{{SKU: fmt.Sprintf("%s-%d", title[:3], i), Price: 1000, Currency: "USD", Stock: 1}},
			}
		}
		if err := s.app.Catalog.ImportProductsBulk(ctx, merchantID, ins); err != nil {
			t.Fatal(err)
		}
	}
	seed(big.ID, catalog.CountCap+50, "Paper Lantern")
	seed(big.ID, catalog.CountCap-10, "Glass Bowl")
	seed(closed.ID, 100, "Glass Lantern")

	for _, target := range []string{"/search?q=lantern", "/s/lanterns/search?q=lantern"} {
		p := s.get(target)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", target, p.Status)
		}
		if got := p.Text(`[data-testid="search-total"]`); got != "2,000+ products" {
			t.Errorf("%s: total %q, want %q", target, got, "2,000+ products")
		}
	}
	// The suspended shop's glass would take the count over CountCap.
	p := s.get("/search?q=glass")
	if got := p.Text(`[data-testid="search-total"]`); got != "1990 products" {
		t.Errorf("glass: total %q, want %q", got, "1990 products")
	}
}

// TestMallSearchPageFollowsWrites checks that a kept search page shows a
// new product and forgets an archived one at once.
func TestMallSearchPageFollowsWrites(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))
	count := func() int {
		return s.get("/search?q=tea").Doc.Find(`[data-testid="product-card"]`).Length()
	}
	if n := count(); n != 1 {
		t.Fatalf("found %d, want 1", n)
	}
	white := s.product(tea.ID, simple("White Tea", "white-tea", "WT-1", 1500, 10))
	if n := count(); n != 2 {
		t.Errorf("after a new product: found %d, want 2", n)
	}
	if err := s.app.Catalog.ArchiveProduct(context.Background(), tea.ID, white.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("after archiving one: found %d, want 1", n)
	}
}
