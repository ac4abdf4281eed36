package storefront_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/malltest"
)

// cardTitles are the titles of a page's product cards, in order.
func cardTitles(p *malltest.Page) []string {
	var out []string
	p.Doc.Find(`[data-testid="product-card"] .product-card-title`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.Text())
	})
	return out
}

// cardRating is the rating shown on the card titled title: the text the
// eye reads and the one a screen reader reads ("" when none is shown).
func cardRating(t *testing.T, p *malltest.Page, title string) (shown, spoken string) {
	t.Helper()
	found := false
	p.Doc.Find(`[data-testid="product-card"]`).Each(func(_ int, card *goquery.Selection) {
		if card.Find(".product-card-title").Text() != title {
			return
		}
		found = true
		r := card.Find(`[data-testid="product-card-rating"]`)
		shown, spoken = r.Find(`[aria-hidden="true"]`).Text(), r.Find(".visually-hidden").Text()
	})
	if !found {
		t.Fatalf("no card %q among %q", title, cardTitles(p))
	}
	return shown, spoken
}

// TestCardsShowTheVerifiedRating has a buyer review the kettle: the
// cached cards of the mall's home, the shop's home and the search show
// its rating at once, as text and as a sentence for screen readers; the
// unrated lamp shows none.
func TestCardsShowTheVerifiedRating(t *testing.T) {
	m := newBuyingMall(t)
	adaAccount := malltest.Account(t, m.app, "ada@example.test", "Ada")
	ada := malltest.SignedIn(t, m.app, adaAccount)
	visitor := m.visitor()
	pages := []struct{ path, title string }{
		{"/", "Steel Kettle"},
		{"/s/acme", "Steel Kettle"},
		{"/search?q=kettle", "Steel Kettle"},
		{"/search", "Desk Lamp"},
	}
	// Cached before the review, with no rating.
	for _, pg := range pages {
		p := visitor.Get(pg.path)
		if p.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", pg.path, p.Status)
		}
		if shown, _ := cardRating(t, p, pg.title); shown != "" {
			t.Fatalf("%s: %q rated %q before any review", pg.path, pg.title, shown)
		}
	}
	o := deliveredKettle(t, m, ada, adaAccount.ID)
	if p := ada.Post("/account/reviews", url.Values{"line": {itoa(o.Lines[0].ID)}, "rating": {"4"}, "title": {"Good"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("review: %d", p.Status)
	}
	enCtx := i18n.WithLocale(t.Context(), i18n.English)
	wantShown := i18n.T(enCtx, "ratings.card.short", "Average", "4.0", "Number", "1")
	wantSpoken := i18n.N(enCtx, "ratings.card.label", 1, "Average", "4.0")
	if wantShown != "4.0 ★ (1)" {
		t.Fatalf("the card's text reads %q", wantShown)
	}
	for _, pg := range pages[:3] {
		shown, spoken := cardRating(t, visitor.Get(pg.path), pg.title)
		if shown != wantShown || spoken != wantSpoken {
			t.Errorf("%s: card shows %q, says %q; want %q, %q", pg.path, shown, spoken, wantShown, wantSpoken)
		}
	}
	if shown, _ := cardRating(t, visitor.Get("/search"), "Desk Lamp"); shown != "" {
		t.Errorf("the unrated lamp shows %q", shown)
	}
}

// TestSearchSortsByRating picks the rating order in the search form, as a
// browser without JavaScript submits it: the rated kettle comes before
// the newer lamp, and the form keeps the choice.
func TestSearchSortsByRating(t *testing.T) {
	m := newBuyingMall(t)
	adaAccount := malltest.Account(t, m.app, "ada@example.test", "Ada")
	ada := malltest.SignedIn(t, m.app, adaAccount)
	visitor := m.visitor()
	o := deliveredKettle(t, m, ada, adaAccount.ID)
	if p := ada.Post("/account/reviews", url.Values{"line": {itoa(o.Lines[0].ID)}, "rating": {"2"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("review: %d", p.Status)
	}
	form := visitor.Get("/search")
	option := form.Doc.Find(`select[name="sort"] option[value="rating"]`)
	if option.Length() != 1 || option.Text() != i18n.Translate(i18n.English, "ratings.sort.highest") {
		t.Fatalf("sort options: %q", form.Text(`select[name="sort"]`))
	}
	if got := cardTitles(form); len(got) != 2 || got[0] != "Desk Lamp" {
		t.Fatalf("default order %q: want the newer lamp first", got)
	}
	p := visitor.Get("/search?sort=rating")
	if got := cardTitles(p); len(got) != 2 || got[0] != "Steel Kettle" || got[1] != "Desk Lamp" {
		t.Errorf("by rating: %q, want the rated kettle first", got)
	}
	if _, ok := p.Doc.Find(`select[name="sort"] option[value="rating"]`).Attr("selected"); !ok {
		t.Error("the form forgot the rating order")
	}
}
