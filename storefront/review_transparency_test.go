package storefront_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/reviews"
)

// TestTransparencyCountsMonthByMonth: the public page has a row per month
// for the mall, links each shop's own rows, and a shop's rows count only
// its reviews.
func TestTransparencyCountsMonthByMonth(t *testing.T) {
	m := newBuyingMall(t)
	adaAccount := malltest.Account(t, m.app, "ada@example.test", "Ada")
	ada := malltest.SignedIn(t, m.app, adaAccount)
	o := deliveredKettle(t, m, ada, adaAccount.ID)
	r, err := m.app.Reviews.Submit(t.Context(), adaAccount.ID, o.Lines[0].ID, reviews.Input{Rating: 4, Body: "Boils fast."})
	if err != nil {
		t.Fatal(err)
	}
	month := r.CreatedAt.UTC().Format("2006-01")

	p := m.get("/reviews/transparency")
	if p.Status != http.StatusOK {
		t.Fatalf("page: %d", p.Status)
	}
	row := p.Doc.Find(`[data-testid="t-month"][data-month="` + month + `"]`)
	if row.Length() != 1 || strings.TrimSpace(row.Find(`[data-testid="t-month-received"]`).Text()) != "1" {
		t.Fatalf("month rows %q", p.Text(`[data-testid="t-by-month"]`))
	}
	// Nothing removed yet: the reasons part says so rather than standing empty.
	if p.Doc.Find(`[data-testid="t-by-reason-none"]`).Length() != 1 || p.Doc.Find(`[data-testid="t-by-reason"]`).Length() != 0 {
		t.Fatal("with no removals the page does not say that none were removed")
	}
	link, _ := p.Doc.Find(`[data-testid="t-shops"] a`).Attr("href")
	if link != "/reviews/transparency?shop=acme#by-month" {
		t.Fatalf("shop link %q", link)
	}
	shop := m.get("/reviews/transparency?shop=acme")
	if !strings.Contains(shop.Text(`#by-month`), "Acme Kitchen") || shop.Doc.Find(`[data-testid="t-month"]`).Length() != 1 {
		t.Errorf("Acme's rows: %q", shop.Text(`[data-testid="t-by-month"]`))
	}
	bolt := m.get("/reviews/transparency?shop=bolt")
	if bolt.Doc.Find(`[data-testid="t-month"]`).Length() != 0 || bolt.Doc.Find(`[data-testid="t-months-empty"]`).Length() != 1 {
		t.Errorf("Bolt, without reviews, shows rows")
	}
	if p := m.get("/reviews/transparency?shop=nope"); p.Status != http.StatusNotFound {
		t.Errorf("unknown shop: %d", p.Status)
	}
}
