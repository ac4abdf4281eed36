package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
)

const opPassword = "operator password 1"

// opSignedIn returns a browser signed in as a new account.
func opSignedIn(t *testing.T, app *server.App, email string, operator bool) *malltest.Browser {
	t.Helper()
	if operator {
		if _, err := app.Accounts.CreateOperator(t.Context(), email, "Operator", opPassword); err != nil {
			t.Fatal(err)
		}
	} else {
		malltest.NewBrowser(t, app).SignUp("Shopper", email, opPassword)
	}
	b := malltest.NewBrowser(t, app)
	if p := b.SignIn(email, opPassword); p.Status != 303 {
		t.Fatalf("sign in %s: %d", email, p.Status)
	}
	return b
}

// opPendingMerchant has an account apply to sell and returns the merchant.
func opPendingMerchant(t *testing.T, app *server.App, slug string) *merchants.Merchant {
	t.Helper()
	owner := opSignedIn(t, app, "owner@"+slug+".test", false)
	owner.Get("/sell")
	p := owner.Post("/sell", url.Values{"name": {"Shop " + slug}, "slug": {slug}, "description": {"Things"}, "contact_email": {"owner@" + slug + ".test"}})
	if p.Status != 303 {
		t.Fatalf("apply %s: %d", slug, p.Status)
	}
	m, err := app.Merchants.MerchantBySlug(t.Context(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestOperatorConsoleRefusesOthers(t *testing.T) {
	app := malltest.NewApp(t)
	shopper := opSignedIn(t, app, "shopper@example.test", false)
	for _, path := range []string{"/operator", "/operator/merchants", "/operator/merchants/1"} {
		if p := shopper.Get(path); p.Status != 403 || !strings.Contains(p.Text(`[data-testid="error-message"]`), "Only the mall's operators") {
			t.Errorf("shopper GET %s = %d, want 403", path, p.Status)
		}
	}
	shopper.Get("/account")
	if p := shopper.Post("/operator/merchants/1/approve", nil); p.Status != 403 {
		t.Errorf("shopper approve = %d, want 403", p.Status)
	}
	anon := malltest.NewBrowser(t, app)
	if p := anon.Get("/operator"); p.Status != 303 || !strings.HasPrefix(p.Location, "/account/sign-in") {
		t.Errorf("anonymous GET /operator = %d %q", p.Status, p.Location)
	}
}

func TestOperatorListsPendingFirstAndSearches(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	a := opPendingMerchant(t, app, "alpha-tea")
	opPendingMerchant(t, app, "bravo-bikes")
	op := opSignedIn(t, app, "op@mall.test", true)
	opAcct, _ := app.Accounts.AccountByEmail(ctx, "op@mall.test")
	if err := app.Merchants.Approve(ctx, opAcct.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	p := op.Get("/operator/merchants")
	var slugs []string
	p.Doc.Find(`[data-testid="merchant-row"]`).Each(func(_ int, s *goquery.Selection) {
		slug, _ := s.Attr("data-slug")
		slugs = append(slugs, slug)
	})
	if len(slugs) != 2 || slugs[0] != "bravo-bikes" {
		t.Errorf("rows %v, want the pending bravo-bikes first", slugs)
	}
	p = op.Get("/operator/merchants?q=alpha")
	if n := p.Doc.Find(`[data-testid="merchant-row"]`).Length(); n != 1 {
		t.Errorf("search alpha: %d rows", n)
	}
	p = op.Get("/operator/merchants?status=" + string(merchants.MerchantActive))
	if n := p.Doc.Find(`[data-testid="merchant-row"][data-slug="alpha-tea"]`).Length(); n != 1 {
		t.Errorf("active filter misses alpha-tea")
	}
	p = op.Get("/operator")
	if got := strings.TrimSpace(p.Doc.Find(`[data-testid="stat-pending"]`).Text()); got != "1" {
		t.Errorf("overview pending = %q", got)
	}
	if got := strings.TrimSpace(p.Doc.Find(`[data-testid="stat-products"]`).Text()); got != "0" {
		t.Errorf("overview products = %q", got)
	}
}

func TestOperatorSuspendNeedsAReasonAndIsLogged(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	m := opPendingMerchant(t, app, "gamma-gear")
	op := opSignedIn(t, app, "op@mall.test", true)
	page := "/operator/merchants/" + itoa(m.ID)
	op.Get(page)
	if p := op.Post(page+"/approve", nil); p.Status != 303 {
		t.Fatalf("approve %d", p.Status)
	}
	op.Get(page)
	p := op.Post(page+"/suspend", url.Values{"reason": {"  "}})
	if p.Status != 422 {
		t.Fatalf("suspend without reason = %d, want 422", p.Status)
	}
	if p.Doc.Find(`#field-reason-error`).Length() != 1 {
		t.Error("no message beside the reason")
	}
	if got, _ := app.Merchants.MerchantByID(ctx, m.ID); got.Status != merchants.MerchantActive {
		t.Errorf("merchant %q after refused suspension", got.Status)
	}
	p = op.Post(page+"/suspend", url.Values{"reason": {"Counterfeit goods reported"}})
	if p.Status != 303 {
		t.Fatalf("suspend = %d", p.Status)
	}
	if got, _ := app.Merchants.MerchantByID(ctx, m.ID); got.Status != merchants.MerchantSuspended {
		t.Errorf("merchant %q after suspension", got.Status)
	}
	p = op.Get(page)
	log := p.Doc.Find(`[data-testid="merchant-log"]`).Text()
	if !strings.Contains(log, "Counterfeit goods reported") {
		t.Errorf("log does not show the reason: %q", log)
	}
	if !strings.Contains(p.Doc.Find(`[data-testid="merchant-owner"]`).Text(), "owner@gamma-gear.test") {
		t.Error("detail page does not show the owner")
	}
	if p := op.Post(page+"/reinstate", nil); p.Status != 303 {
		t.Fatalf("reinstate = %d", p.Status)
	}
	if got, _ := app.Merchants.MerchantByID(ctx, m.ID); got.Status != merchants.MerchantActive {
		t.Errorf("merchant %q after reinstatement", got.Status)
	}
}

func TestOperatorSetsCommissionInPercent(t *testing.T) {
	app := malltest.NewApp(t)
	m := opPendingMerchant(t, app, "delta-books")
	op := opSignedIn(t, app, "op@mall.test", true)
	page := "/operator/merchants/" + itoa(m.ID)
	op.Get(page)
	p := op.Post(page+"/commission", url.Values{"commission": {"7.255"}})
	if p.Status != 422 {
		t.Fatalf("three decimals = %d, want 422", p.Status)
	}
	if v, _ := p.Doc.Find(`input[name="commission"]`).Attr("value"); v != "7.255" {
		t.Errorf("input not kept: %q", v)
	}
	if p := op.Post(page+"/commission", url.Values{"commission": {"7.25"}}); p.Status != 303 {
		t.Fatalf("7.25 = %d", p.Status)
	}
	got, _ := app.Merchants.MerchantByID(t.Context(), m.ID)
	if got.CommissionBP != 725 {
		t.Errorf("commission %d bp, want 725", got.CommissionBP)
	}
	p = op.Get(page)
	if s := strings.TrimSpace(p.Doc.Find(`[data-testid="merchant-commission"]`).Text()); s != "7.25%" {
		t.Errorf("page shows commission %q", s)
	}
}

func TestOperatorConsoleSpeaksTheOperatorsLanguage(t *testing.T) {
	app := malltest.NewApp(t)
	op := opSignedIn(t, app, "op@mall.test", true)
	acct, _ := app.Accounts.AccountByEmail(t.Context(), "op@mall.test")
	if err := app.Accounts.SetLocale(t.Context(), acct.ID, "zh-Hans"); err != nil {
		t.Fatal(err)
	}
	p := op.Get("/operator")
	if lang, _ := p.Doc.Find("html").Attr("lang"); lang != "zh-Hans" {
		t.Errorf("console language %q", lang)
	}
	if h1 := p.Doc.Find("h1").Text(); h1 != "商城概览" {
		t.Errorf("h1 %q", h1)
	}
}
