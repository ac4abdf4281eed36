package storefront_test

import (
	"net/url"
	"testing"

	"github.com/mall-project/mall/merchants"
)

// TestSearchHasOneBoxAndFoldedFilters: the results page keeps the query
// in the header's search box (no second box) and folds its filters away
// in a details element that works without JavaScript, open once used.
func TestSearchHasOneBoxAndFoldedFilters(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))

	p := s.get("/search?q=green")
	if n := p.Doc.Find(`input[type="search"]`).Length(); n != 1 {
		t.Errorf("results page has %d search boxes, want 1", n)
	}
	if got := p.Attr(`header input[type="search"]`, "value"); got != "green" {
		t.Errorf("header search box holds %q, want the query", got)
	}
	filters := p.Doc.Find(`form[data-testid="search-filters"] details.filters`)
	if filters.Length() != 1 || filters.Find("summary").Length() != 1 {
		t.Fatal("filters are not in a details element")
	}
	if _, open := filters.Attr("open"); open {
		t.Error("filters open though none is used")
	}
	if got := p.Attr(`form[data-testid="search-filters"] input[name="q"]`, "value"); got != "green" {
		t.Errorf("filters would search for %q, want the query", got)
	}

	p = s.get("/search?q=green&in_stock=1")
	if _, open := p.Doc.Find(`details.filters`).Attr("open"); !open {
		t.Error("filters folded away while one is in use")
	}
	if n := s.get("/").Doc.Find(`input[type="search"]`).Length(); n != 1 {
		t.Errorf("home page has %d search boxes, want 1", n)
	}
}

// TestEmptySearchOffersProductsInstead: a search that finds nothing says
// so and offers the mall's newest products (or the shop's), not a bare
// "nothing matches".
func TestEmptySearchOffersProductsInstead(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	s.product(tea.ID, simple("武夷山大红袍岩茶", "da-hong-pao", "DHP-1", 8800, 10))
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))

	p := s.get("/search?q=" + url.QueryEscape("茶"))
	if got := p.Text(`[data-testid="product-card"] h3`); got != "武夷山大红袍岩茶" {
		t.Errorf("茶 finds %q, want the tea whose name ends with it", got)
	}

	p = s.get("/search?q=xylophone")
	if p.Doc.Find(`[data-testid="empty-state"]`).Length() != 1 {
		t.Error("an empty search does not say nothing matched")
	}
	if got := p.Doc.Find(`[data-testid="search-fallback"] [data-testid="product-card"]`).Length(); got != 2 {
		t.Errorf("an empty search offers %d products, want the mall's 2 newest", got)
	}
	if got := p.Text(`[data-testid="search-fallback"] h2`); got != "New in the mall" {
		t.Errorf("offered under %q", got)
	}

	p = s.get("/s/tea-house/search?q=xylophone")
	if got := p.Doc.Find(`[data-testid="search-fallback"] [data-testid="product-card"]`).Length(); got != 2 {
		t.Errorf("an empty shop search offers %d products, want the shop's 2", got)
	}
}
