package storefront_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/merchants"
)

// TestMallHomePromotesWhatCanBeBought: shops with nothing on sale are not
// listed, each shop card has the shop's logo (or its initial), and "New"
// does not repeat what "Featured" shows.
func TestMallHomePromotesWhatCanBeBought(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House", LogoPath: "0123456789abcdef0123456789abcdef01234567-png"})
	cups := s.merchant(merchants.Merchant{Slug: "cups", Name: "cup corner"})
	s.merchant(merchants.Merchant{Slug: "empty", Name: "Empty Shop"})
	featured := simple("Green Tea", "green-tea", "GT-1", 1250, 10)
	featured.Featured = true
	s.product(tea.ID, featured)
	s.product(tea.ID, simple("Black Tea", "black-tea", "BT-1", 900, 10))
	s.product(cups.ID, simple("Tea Cup", "tea-cup", "TC-1", 700, 10))

	p := s.get("/")
	cards := map[string]*goquery.Selection{}
	p.Doc.Find(`[data-testid="merchant-card"]`).Each(func(_ int, card *goquery.Selection) {
		cards[strings.TrimSpace(card.Find("h3").Text())] = card
	})
	if _, listed := cards["Empty Shop"]; listed || len(cards) != 2 {
		t.Errorf("shops listed %v, want Tea House and cup corner, not the shop with nothing on sale", keys(cards))
	}
	if src, _ := cards["Tea House"].Find(`img[data-testid="merchant-logo"]`).Attr("src"); !strings.HasPrefix(src, "/media/thumb/") {
		t.Errorf("Tea House's card shows logo %q", src)
	}
	if got := strings.TrimSpace(cards["cup corner"].Find(".shop-initial").Text()); got != "C" {
		t.Errorf("a shop without a logo shows %q, want its initial", got)
	}

	var newTitles []string
	p.Doc.Find(`[data-testid="new-products"] [data-testid="product-card"] h3`).Each(func(_ int, h *goquery.Selection) {
		newTitles = append(newTitles, strings.TrimSpace(h.Text()))
	})
	if got := p.Text(`[data-testid="featured-products"] h3`); got != "Green Tea" {
		t.Errorf("featured %q", got)
	}
	if len(newTitles) != 2 || strings.Contains(strings.Join(newTitles, "|"), "Green Tea") {
		t.Errorf("new %q, want Black Tea and Tea Cup without the featured Green Tea", newTitles)
	}
}

func keys(m map[string]*goquery.Selection) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
