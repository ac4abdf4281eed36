package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/static"
)

func TestHealthAndReadiness(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	for _, path := range []string{"/healthz", "/readyz"} {
		if p := b.Get(path); p.Status != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", path, p.Status)
		}
	}
}

func TestStaticFilesAreHashedAndCachedForAYear(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	path := static.Path("css/mall.css")
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	p := b.Do(req)
	if p.Status != http.StatusOK {
		t.Fatalf("GET %s = %d", path, p.Status)
	}
	if cc := p.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("Cache-Control = %q, want immutable", cc)
	}
	if p.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Content-Encoding = %q, want gzip", p.Header.Get("Content-Encoding"))
	}
	req = httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("If-None-Match", p.Header.Get("ETag"))
	if p := b.Do(req); p.Status != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", p.Status)
	}
	if p := b.Get("/static/css/nope.css"); p.Status != http.StatusNotFound {
		t.Errorf("unknown asset = %d, want 404", p.Status)
	}
}

func TestNotFoundPageSpeaksTheVisitorsLanguage(t *testing.T) {
	app := malltest.NewApp(t)
	tests := []struct {
		accept, lang, text string
	}{
		{"en-US,en;q=0.9", "en", "We could not find that page."},
		{"zh-CN,zh;q=0.9", "zh-Hans", "找不到该页面。"},
	}
	for _, tt := range tests {
		b := malltest.NewBrowser(t, app)
		b.Header.Set("Accept-Language", tt.accept)
		p := b.Get("/no/such/page")
		if p.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", tt.accept, p.Status)
		}
		if got := p.Attr("html", "lang"); got != tt.lang {
			t.Errorf("%s: <html lang=%q>, want %q", tt.accept, got, tt.lang)
		}
		if got := p.Text(`[data-testid="error-message"]`); got != tt.text {
			t.Errorf("%s: message %q, want %q", tt.accept, got, tt.text)
		}
	}
}

func TestLocaleSwitchIsRememberedAndStaysOnSite(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	p := b.Get("/locale?to=zh-Hans&next=" + url.QueryEscape("/search?q=tea&lang=en"))
	if p.Status != http.StatusSeeOther || p.Location != "/search?q=tea" {
		t.Fatalf("switch = %d to %q, want 303 to /search?q=tea", p.Status, p.Location)
	}
	if got := b.Get("/").Attr("html", "lang"); got != "zh-Hans" {
		t.Errorf("after switching, <html lang=%q>, want zh-Hans", got)
	}
	if p := b.Get("/locale?to=en&next=" + url.QueryEscape("//evil.example/")); p.Location != "/" {
		t.Errorf("off-site next redirected to %q, want /", p.Location)
	}
	if p := b.Get("/locale?to=klingon&next=/"); p.Status != http.StatusBadRequest {
		t.Errorf("unknown language = %d, want 400", p.Status)
	}
}

func TestStateChangingRequestsNeedTheCSRFToken(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	b.Get("/account/sign-in")
	form := url.Values{"email": {"a@b.test"}, "password": {"whatever-password"}, "_csrf": {"forged"}}
	if p := b.Post("/account/sign-in", form); p.Status != http.StatusForbidden {
		t.Errorf("forged token = %d, want 403", p.Status)
	}
	// A token is bound to the visitor's own cookie: another visitor's token
	// does not work.
	other := malltest.NewBrowser(t, app)
	other.Get("/account/sign-in")
	form.Set("_csrf", other.CSRF)
	if p := b.Post("/account/sign-in", form); p.Status != http.StatusForbidden {
		t.Errorf("another visitor's token = %d, want 403", p.Status)
	}
}

func TestCustomDomainServesTheMerchantsStorefront(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	now := time.Now()
	m := merchants.Merchant{Slug: "teahouse", Name: "Tea House", Status: merchants.MerchantActive, Locale: "en",
		ThemeColor: "#2f5d50", CustomDomain: "tea.example", DomainVerifiedAt: &now}
	if err := app.Merchants.DB().WithContext(ctx).Create(&m).Error; err != nil {
		t.Fatal(err)
	}
	unverified := merchants.Merchant{Slug: "other", Name: "Other", Status: merchants.MerchantActive, Locale: "en",
		ThemeColor: "#2f5d50", CustomDomain: "other.example"}
	if err := app.Merchants.DB().WithContext(ctx).Create(&unverified).Error; err != nil {
		t.Fatal(err)
	}

	b := malltest.NewBrowser(t, app)
	req := httptest.NewRequest(http.MethodGet, "http://tea.example/", nil)
	p := b.Do(req)
	if p.Status != http.StatusOK || !strings.Contains(p.Text("h1"), "Tea House") {
		t.Fatalf("custom domain home = %d, h1 %q; want the Tea House storefront", p.Status, p.Text("h1"))
	}
	if p := b.Do(httptest.NewRequest(http.MethodGet, "http://tea.example/admin", nil)); p.Status != http.StatusNotFound {
		t.Errorf("admin at a custom domain = %d, want 404", p.Status)
	}
	p = b.Do(httptest.NewRequest(http.MethodGet, "http://other.example/", nil))
	if strings.Contains(p.Text("h1"), "Other") {
		t.Errorf("an unverified domain served its storefront: %q", p.Text("h1"))
	}
}

func TestCSRFTokenIsTakenFromTheBodyOrAHeaderOnly(t *testing.T) {
	app := malltest.NewApp(t)
	malltest.Account(t, app, "csrf@mall.test", "Shopper")
	b := malltest.NewBrowser(t, app)
	b.Get("/account/sign-in")
	form := url.Values{"email": {"csrf@mall.test"}, "password": {malltest.Password}}
	req := httptest.NewRequest(http.MethodPost, "/account/sign-in?_csrf="+url.QueryEscape(b.CSRF), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if p := b.Do(req); p.Status != http.StatusForbidden {
		t.Errorf("token in the query string = %d, want 403", p.Status)
	}
	req = httptest.NewRequest(http.MethodPost, "/account/sign-in", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", b.CSRF)
	if p := b.Do(req); p.Status != http.StatusSeeOther {
		t.Errorf("token in the X-CSRF-Token header = %d, want 303", p.Status)
	}
}

// TestRequestStringsAreTheRequestsOwn: the app hands handlers copies, so a
// string kept after a request (a cache key, a value given to a goroutine)
// is never overwritten by the next request in fasthttp's reused buffers;
// handlers no longer copy by hand.
func TestRequestStringsAreTheRequestsOwn(t *testing.T) {
	app := malltest.NewApp(t)
	if !app.Fiber.Config().Immutable {
		t.Fatal("the app is not Immutable: strings from c.Params, c.Query, c.FormValue point into reused buffers")
	}
	// A host kept as a custom-domain cache key survives the requests after
	// it: the first shop's domain still serves it.
	ctx := t.Context()
	now := time.Now()
	for _, m := range []merchants.Merchant{
		{Slug: "aaa", Name: "Shop AAA", Status: merchants.MerchantActive, Locale: "en", ThemeColor: "#2f5d50", CustomDomain: "aaa.example", DomainVerifiedAt: &now},
		{Slug: "bbb", Name: "Shop BBB", Status: merchants.MerchantActive, Locale: "en", ThemeColor: "#2f5d50", CustomDomain: "bbb.example", DomainVerifiedAt: &now},
	} {
		if err := app.Merchants.DB().WithContext(ctx).Create(&m).Error; err != nil {
			t.Fatal(err)
		}
	}
	b := malltest.NewBrowser(t, app)
	for range 3 {
		for _, host := range []string{"aaa", "bbb"} {
			p := b.Do(httptest.NewRequest(http.MethodGet, "http://"+host+".example/", nil))
			if !strings.Contains(p.Text("h1"), "Shop "+strings.ToUpper(host)) {
				t.Fatalf("%s.example served %q", host, p.Text("h1"))
			}
		}
	}
}
