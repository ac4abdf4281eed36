package storefront_test

import (
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
