package storefront_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
)

func TestSellNeedsAnAccount(t *testing.T) {
	app := malltest.NewApp(t)
	p := malltest.NewBrowser(t, app).Get("/sell")
	if p.Status != 200 {
		t.Fatalf("GET /sell = %d", p.Status)
	}
	if p.Doc.Find(`[data-testid="sell-form"]`).Length() != 0 {
		t.Error("anonymous visitor sees the application form")
	}
	if p.Doc.Find(`a[href="/account/sign-in?next=%2Fsell"]`).Length() != 1 {
		t.Error("no sign-in link that comes back to /sell")
	}
}

func TestApplicationIsApprovedByTheOperator(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	seller := malltest.NewBrowser(t, app)
	seller.SignUp("Mei", "mei@example.test", acctPassword)

	p := seller.Get("/sell")
	if p.Doc.Find(`[data-testid="sell-form"]`).Length() != 1 {
		t.Fatal("signed-in account sees no application form")
	}
	p = seller.Post("/sell", url.Values{"name": {"Mei's Teas"}, "slug": {""}, "description": {"Green teas"}, "contact_email": {"mei@example.test"}})
	if p.Status != 422 {
		t.Fatalf("application without a slug: %d, want 422", p.Status)
	}
	if v, _ := p.Doc.Find(`input[name="name"]`).Attr("value"); v != "Mei's Teas" {
		t.Errorf("name not kept: %q", v)
	}
	p = seller.Post("/sell", url.Values{"name": {"Mei's Teas"}, "slug": {"mei-teas"}, "description": {"Green teas"}, "contact_email": {"mei@example.test"}})
	if p.Status != 303 || !strings.HasPrefix(p.Location, "/sell/thanks") {
		t.Fatalf("application: %d to %q", p.Status, p.Location)
	}
	p = seller.Get(p.Location)
	if got := p.Text(`[data-testid="sell-thanks"]`); !strings.Contains(got, "Mei's Teas") {
		t.Errorf("thanks page says %q", got)
	}
	m, err := app.Merchants.MerchantBySlug(ctx, "mei-teas")
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != merchants.MerchantPending {
		t.Fatalf("new merchant is %q, want pending", m.Status)
	}
	if p := malltest.NewBrowser(t, app).Get("/s/mei-teas"); p.Status == 200 {
		t.Error("a pending merchant's storefront is open")
	}
	// The seller now works for the shop: the nav offers the shop admin.
	p = seller.Get("/account")
	if p.Doc.Find(`nav.visitor-nav a[href="/admin"]`).Length() != 1 {
		t.Error("visitor nav has no shop admin link for staff")
	}

	if _, err := app.Accounts.CreateOperator(ctx, "op@mall.test", "Operator", acctPassword); err != nil {
		t.Fatal(err)
	}
	op := malltest.NewBrowser(t, app)
	op.SignIn("op@mall.test", acctPassword)
	p = op.Get("/operator/merchants?status=" + string(merchants.MerchantPending))
	if p.Status != 200 {
		t.Fatalf("operator list: %d", p.Status)
	}
	row := p.Doc.Find(`[data-testid="merchant-row"][data-slug="mei-teas"]`)
	if row.Length() != 1 {
		t.Fatal("operator does not see the application")
	}
	href, _ := row.Find("a").Attr("href")
	op.Get(href)
	p = op.Post(href+"/approve", nil)
	if p.Status != 303 {
		t.Fatalf("approve: %d", p.Status)
	}
	m, err = app.Merchants.MerchantBySlug(ctx, "mei-teas")
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != merchants.MerchantActive {
		t.Fatalf("approved merchant is %q", m.Status)
	}
	if p := malltest.NewBrowser(t, app).Get("/s/mei-teas"); p.Status != 200 {
		t.Errorf("approved storefront /s/mei-teas answered %d", p.Status)
	}
}
