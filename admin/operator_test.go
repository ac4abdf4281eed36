package admin_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

const opPassword = "operator password 1"

func opApp(t *testing.T) *server.App {
	t.Helper()
	store, err := media.NewDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://mall.test")
	app, err := server.New(server.Options{
		DB: dbtest.Open(t), Media: store,
		Web:  web.Config{Secret: []byte(strings.Repeat("k", 32)), BaseURL: base},
		Site: templates.Site{Name: "Test Mall", BaseURL: base.String(), Currency: "USD"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// opBrowser keeps one visitor's cookies and CSRF token.
type opBrowser struct {
	t       *testing.T
	app     *server.App
	cookies map[string]string
	csrf    string
}

type opPage struct {
	Status   int
	Location string
	Doc      *goquery.Document
}

func (b *opBrowser) do(req *http.Request) *opPage {
	b.t.Helper()
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := b.app.Fiber.Test(req, -1)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(raw)))
	if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
		b.csrf = tok
	}
	return &opPage{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Doc: doc}
}

func (b *opBrowser) get(path string) *opPage {
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (b *opBrowser) post(path string, form url.Values) *opPage {
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", b.csrf)
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// opSignedIn returns a browser signed in as a new account.
func opSignedIn(t *testing.T, app *server.App, email string, operator bool) *opBrowser {
	t.Helper()
	if operator {
		if _, err := app.Accounts.CreateOperator(t.Context(), email, "Operator", opPassword); err != nil {
			t.Fatal(err)
		}
	} else {
		b := &opBrowser{t: t, app: app, cookies: map[string]string{}}
		b.get("/account/sign-up")
		b.post("/account/sign-up", url.Values{"name": {"Shopper"}, "email": {email}, "password": {opPassword}})
	}
	b := &opBrowser{t: t, app: app, cookies: map[string]string{}}
	b.get("/account/sign-in")
	if p := b.post("/account/sign-in", url.Values{"email": {email}, "password": {opPassword}}); p.Status != 303 {
		t.Fatalf("sign in %s: %d", email, p.Status)
	}
	return b
}

// opPendingMerchant has an account apply to sell and returns the merchant.
func opPendingMerchant(t *testing.T, app *server.App, slug string) *merchants.Merchant {
	t.Helper()
	owner := opSignedIn(t, app, "owner@"+slug+".test", false)
	owner.get("/sell")
	p := owner.post("/sell", url.Values{"name": {"Shop " + slug}, "slug": {slug}, "description": {"Things"}, "contact_email": {"owner@" + slug + ".test"}})
	if p.Status != 303 {
		t.Fatalf("apply %s: %d", slug, p.Status)
	}
	m, err := app.Merchants.MerchantBySlug(t.Context(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestOperatorConsoleIsHiddenFromOthers(t *testing.T) {
	app := opApp(t)
	shopper := opSignedIn(t, app, "shopper@example.test", false)
	for _, path := range []string{"/operator", "/operator/merchants", "/operator/merchants/1"} {
		if p := shopper.get(path); p.Status != 404 {
			t.Errorf("shopper GET %s = %d, want 404", path, p.Status)
		}
	}
	shopper.get("/account")
	if p := shopper.post("/operator/merchants/1/approve", nil); p.Status != 404 {
		t.Errorf("shopper approve = %d, want 404", p.Status)
	}
	anon := &opBrowser{t: t, app: app, cookies: map[string]string{}}
	if p := anon.get("/operator"); p.Status != 303 || !strings.HasPrefix(p.Location, "/account/sign-in") {
		t.Errorf("anonymous GET /operator = %d %q", p.Status, p.Location)
	}
}

func TestOperatorListsPendingFirstAndSearches(t *testing.T) {
	app := opApp(t)
	ctx := t.Context()
	a := opPendingMerchant(t, app, "alpha-tea")
	opPendingMerchant(t, app, "bravo-bikes")
	op := opSignedIn(t, app, "op@mall.test", true)
	opAcct, _ := app.Accounts.AccountByEmail(ctx, "op@mall.test")
	if err := app.Merchants.Approve(ctx, opAcct.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	p := op.get("/operator/merchants")
	var slugs []string
	p.Doc.Find(`[data-testid="merchant-row"]`).Each(func(_ int, s *goquery.Selection) {
		slug, _ := s.Attr("data-slug")
		slugs = append(slugs, slug)
	})
	if len(slugs) != 2 || slugs[0] != "bravo-bikes" {
		t.Errorf("rows %v, want the pending bravo-bikes first", slugs)
	}
	p = op.get("/operator/merchants?q=alpha")
	if n := p.Doc.Find(`[data-testid="merchant-row"]`).Length(); n != 1 {
		t.Errorf("search alpha: %d rows", n)
	}
	p = op.get("/operator/merchants?status=active")
	if n := p.Doc.Find(`[data-testid="merchant-row"][data-slug="alpha-tea"]`).Length(); n != 1 {
		t.Errorf("active filter misses alpha-tea")
	}
	p = op.get("/operator")
	if got := strings.TrimSpace(p.Doc.Find(`[data-testid="stat-pending"]`).Text()); got != "1" {
		t.Errorf("overview pending = %q", got)
	}
	if got := strings.TrimSpace(p.Doc.Find(`[data-testid="stat-products"]`).Text()); got != "0" {
		t.Errorf("overview products = %q", got)
	}
}

func TestOperatorSuspendNeedsAReasonAndIsLogged(t *testing.T) {
	app := opApp(t)
	ctx := t.Context()
	m := opPendingMerchant(t, app, "gamma-gear")
	op := opSignedIn(t, app, "op@mall.test", true)
	page := "/operator/merchants/" + itoa(m.ID)
	op.get(page)
	if p := op.post(page+"/approve", nil); p.Status != 303 {
		t.Fatalf("approve %d", p.Status)
	}
	op.get(page)
	p := op.post(page+"/suspend", url.Values{"reason": {"  "}})
	if p.Status != 422 {
		t.Fatalf("suspend without reason = %d, want 422", p.Status)
	}
	if p.Doc.Find(`#field-reason-error`).Length() != 1 {
		t.Error("no message beside the reason")
	}
	if got, _ := app.Merchants.MerchantByID(ctx, m.ID); got.Status != merchants.MerchantActive {
		t.Errorf("merchant %q after refused suspension", got.Status)
	}
	p = op.post(page+"/suspend", url.Values{"reason": {"Counterfeit goods reported"}})
	if p.Status != 303 {
		t.Fatalf("suspend = %d", p.Status)
	}
	if got, _ := app.Merchants.MerchantByID(ctx, m.ID); got.Status != merchants.MerchantSuspended {
		t.Errorf("merchant %q after suspension", got.Status)
	}
	p = op.get(page)
	log := p.Doc.Find(`[data-testid="merchant-log"]`).Text()
	if !strings.Contains(log, "Counterfeit goods reported") {
		t.Errorf("log does not show the reason: %q", log)
	}
	if !strings.Contains(p.Doc.Find(`[data-testid="merchant-owner"]`).Text(), "owner@gamma-gear.test") {
		t.Error("detail page does not show the owner")
	}
	if p := op.post(page+"/reinstate", nil); p.Status != 303 {
		t.Fatalf("reinstate = %d", p.Status)
	}
	if got, _ := app.Merchants.MerchantByID(ctx, m.ID); got.Status != merchants.MerchantActive {
		t.Errorf("merchant %q after reinstatement", got.Status)
	}
}

func TestOperatorSetsCommissionInPercent(t *testing.T) {
	app := opApp(t)
	m := opPendingMerchant(t, app, "delta-books")
	op := opSignedIn(t, app, "op@mall.test", true)
	page := "/operator/merchants/" + itoa(m.ID)
	op.get(page)
	p := op.post(page+"/commission", url.Values{"commission": {"7.255"}})
	if p.Status != 422 {
		t.Fatalf("three decimals = %d, want 422", p.Status)
	}
	if v, _ := p.Doc.Find(`input[name="commission"]`).Attr("value"); v != "7.255" {
		t.Errorf("input not kept: %q", v)
	}
	if p := op.post(page+"/commission", url.Values{"commission": {"7.25"}}); p.Status != 303 {
		t.Fatalf("7.25 = %d", p.Status)
	}
	got, _ := app.Merchants.MerchantByID(t.Context(), m.ID)
	if got.CommissionBP != 725 {
		t.Errorf("commission %d bp, want 725", got.CommissionBP)
	}
	p = op.get(page)
	if s := strings.TrimSpace(p.Doc.Find(`[data-testid="merchant-commission"]`).Text()); s != "7.25 %" {
		t.Errorf("page shows commission %q", s)
	}
}

func TestOperatorConsoleSpeaksTheOperatorsLanguage(t *testing.T) {
	app := opApp(t)
	op := opSignedIn(t, app, "op@mall.test", true)
	acct, _ := app.Accounts.AccountByEmail(t.Context(), "op@mall.test")
	if err := app.Accounts.SetLocale(t.Context(), acct.ID, "zh-Hans"); err != nil {
		t.Fatal(err)
	}
	p := op.get("/operator")
	if lang, _ := p.Doc.Find("html").Attr("lang"); lang != "zh-Hans" {
		t.Errorf("console language %q", lang)
	}
	if h1 := p.Doc.Find("h1").Text(); h1 != "商城概览" {
		t.Errorf("h1 %q", h1)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
