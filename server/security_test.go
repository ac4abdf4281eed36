package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
)

func TestEveryAnswerCarriesAStrictContentSecurityPolicy(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	for _, path := range []string{"/", "/account/sign-in", "/no/such/page", "/healthz"} {
		p := b.Get(path)
		csp := p.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
			"base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "img-src 'self' data: blob:"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: Content-Security-Policy %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") || strings.Contains(csp, "stripe") {
			t.Errorf("GET %s: Content-Security-Policy %q allows too much", path, csp)
		}
		if p.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("GET %s: HSTS on a mall served over http", path)
		}
		if p.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s: X-Frame-Options %q", path, p.Header.Get("X-Frame-Options"))
		}
	}

	// Over https, with Stripe: HSTS, and forms may lead to Stripe's pages.
	secure := malltest.NewAppOn(t, app.Merchants.DB(), func(o *server.Options) {
		o.Site = templates.Site{Name: "Secure Mall", BaseURL: "https://mall.example", Currency: "USD"}
		o.Payments = payments.Config{StripeKey: "sk_test_123", WebhookSecret: "whsec_1", StripeURL: "http://127.0.0.1:1"}
	})
	p := malltest.NewBrowser(t, secure).Get("/")
	if hsts := p.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(hsts, "max-age=") {
		t.Errorf("https mall: Strict-Transport-Security = %q", hsts)
	}
	if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https://checkout.stripe.com https://connect.stripe.com") {
		t.Errorf("Stripe mall: form-action in %q does not let checkout and payouts set-up reach Stripe", csp)
	}
}

// inline finds what a strict policy would block in a page: style
// attributes, event handler attributes, <style> blocks and scripts
// written into the page (JSON-LD data is not run, so it may stay).
var (
	inline = regexp.MustCompile(`(?i)<style|\sstyle=|\son[a-z]+=|<script(?:\s[^>]*)?>[^<]`)
	jsonLD = regexp.MustCompile(`(?s)<script [^>]*type="application/ld\+json"[^>]*>.*?</script>`)
)

func TestPagesHoldNoInlineScriptOrStyle(t *testing.T) {
	app := malltest.NewApp(t)
	m, owner, _ := malltest.Shop(t, app, "csp", true)
	if err := app.Merchants.DB().Exec("UPDATE merchants SET theme_color = '#C2410C' WHERE id = ?", m.ID).Error; err != nil {
		t.Fatal(err)
	}
	_, err := app.Catalog.CreateProduct(t.Context(), m.ID, catalog.ProductInput{Title: "Green Tea", Slug: "green-tea", Status: catalog.StatusActive,
		Description: "Fresh **leaves**.", Variants: []catalog.VariantInput{{SKU: "GT-1", Price: 1200, Currency: "USD", Stock: 5}}})
	if err != nil {
		t.Fatal(err)
	}
	shopper := malltest.NewBrowser(t, app)
	staff := malltest.SignedIn(t, app, owner)
	op := malltest.SignedIn(t, app, malltest.Operator(t, app))
	pages := []struct {
		b    *malltest.Browser
		path string
	}{
		{shopper, "/"}, {shopper, "/search?q=tea"}, {shopper, "/s/csp"}, {shopper, "/s/csp/p/green-tea"}, {shopper, "/cart"},
		{shopper, "/account/sign-in"}, {shopper, "/account/sign-up"}, {shopper, "/sell"}, {shopper, "/no/such/page"},
		{staff, "/account"}, {staff, "/admin"}, {staff, "/admin/products"}, {staff, "/admin/products/new"}, {staff, "/admin/settings"},
		{staff, "/admin/orders"}, {staff, "/admin/staff"}, {op, "/operator"}, {op, "/operator/merchants"},
	}
	for _, pg := range pages {
		p := pg.b.Get(pg.path)
		if p.Status >= 500 {
			t.Errorf("GET %s = %d", pg.path, p.Status)
			continue
		}
		body := jsonLD.ReplaceAllString(p.Body, "")
		if loc := inline.FindStringIndex(body); loc != nil {
			t.Errorf("GET %s holds inline code the policy blocks: %q", pg.path, body[max(0, loc[0]-40):min(len(body), loc[1]+60)])
		}
	}
	// The brand colour comes as a stylesheet of the mall's own.
	p := shopper.Get("/s/csp")
	href, ok := p.Doc.Find(`link[rel="stylesheet"][href^="/theme/"]`).Attr("href")
	if !ok || href != "/theme/c2410c.css" {
		t.Fatalf("shop page links the theme %q, want /theme/c2410c.css", href)
	}
	css := shopper.Get(href)
	if css.Status != http.StatusOK || !strings.Contains(css.Body, "--brand:#c2410c") || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
		t.Errorf("theme stylesheet = %d %q %q", css.Status, css.Header.Get("Content-Type"), css.Body)
	}
	for _, bad := range []string{"/theme/zzzzzz.css", "/theme/C2410C.css", "/theme/c2410c", "/theme/c2410c.css.map"} {
		if p := shopper.Get(bad); p.Status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", bad, p.Status)
		}
	}
}

func TestSignedInAndAdminPagesAreNeverStored(t *testing.T) {
	app := malltest.NewApp(t)
	_, _, staff := malltest.Shop(t, app, "private", true)
	shopper := malltest.SignedIn(t, app, malltest.Account(t, app, "private@mall.test", "Shopper"))
	for _, tt := range []struct {
		b    *malltest.Browser
		path string
	}{{shopper, "/"}, {shopper, "/account"}, {shopper, "/cart"}, {shopper, "/s/private"}, {staff, "/admin"}, {staff, "/admin/products"},
		{malltest.SignedIn(t, app, malltest.Operator(t, app)), "/operator"}} {
		if cc := tt.b.Get(tt.path).Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("signed in, GET %s: Cache-Control %q, want private, no-store", tt.path, cc)
		}
	}
	if cc := malltest.NewBrowser(t, app).Get("/").Header.Get("Cache-Control"); strings.Contains(cc, "no-store") {
		t.Errorf("anonymous home page: Cache-Control %q: shared pages may be cached", cc)
	}
}
