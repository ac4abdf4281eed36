package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/browsertest"
)

// switchAdminLanguage picks a language in the admin's switcher: with
// JavaScript on, choosing it submits the form (mall.js data-autosubmit;
// the button beside it is for visitors without JavaScript). from is the
// language the page is in now.
func switchAdminLanguage(b *browsertest.Browser, from, to i18n.Locale) {
	b.Run(
		// SetValue fires the change event a person's choice fires.
		bounded("to choose "+to.Tag(), chromedp.SetValue(labelled(i18n.Translate(from, "admin.locale.label")), to.Tag(), chromedp.BySearch)),
		waitText(testid("flash"), i18n.Translate(to, "admin.locale.saved")),
		waitJS("the page in "+to.Tag(), `document.documentElement.lang === "`+to.Tag()+`"`),
	)
}

// navLabels are the admin sidebar's links.
func navLabels(t *testing.T, b *browsertest.Browser) []string {
	t.Helper()
	var labels []string
	b.Run(chromedp.Evaluate(`[...document.querySelectorAll('aside nav a')].map(a => a.innerText.trim())`, &labels))
	return labels
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestMerchantWorksInChinese is issue 9's "done when": a merchant switches
// the admin to Chinese, sees Chinese labels, creates a product with a
// Chinese title, sees its price in the Chinese format, finds it in the
// mall's search by a two-character word, and switches back to English.
func TestMerchantWorksInChinese(t *testing.T) {
	const title = "蓝牙降噪耳机"
	m := startMall(t)
	s := m.openShop(t, "audio-lab", "Audio Lab")
	b := browsertest.New(t)

	signIn(t, b, m, s)
	if labels := navLabels(t, b); !contains(labels, en("admin.nav.products")) {
		t.Fatalf("admin nav in English = %q, want %q among them", labels, en("admin.nav.products"))
	}

	switchAdminLanguage(b, i18n.English, i18n.Chinese)
	if labels := navLabels(t, b); !contains(labels, zh("admin.nav.products")) || contains(labels, en("admin.nav.products")) {
		t.Fatalf("admin nav after switching to Chinese = %q, want %q and no English", labels, zh("admin.nav.products"))
	}

	// A product with a Chinese title, typed into the Chinese form.
	b.Run(
		click(`//nav`+link(zh("admin.nav.products"))),
		waitPage("the product list", `location.pathname === "/admin/products"`),
		click(`//a[@data-testid="new-product"]`),
		waitPage("the new product form", `location.pathname === "/admin/products/new"`),
		waitText("h1", zh("admin.products.new")),
		typeInto(zh("admin.product.field.title"), title),
		typeInto(zh("admin.product.field.description"), "主动降噪，续航 30 小时。"),
		chromedp.SetValue(labelled(zh("admin.product.field.status")), "active", chromedp.BySearch),
		typeInto(variantField(i18n.Chinese, "admin.variant.sku"), "BT-ANC-1"),
		typeInto(variantField(i18n.Chinese, "admin.variant.price"), "299.00"),
		typeInto(variantField(i18n.Chinese, "admin.variant.stock"), "10"),
		click(`//form[@data-testid="product-form"]`+button(zh("admin.product.save"))),
		waitPage("the saved product", `/^\/admin\/products\/\d+$/.test(location.pathname)`),
		waitText(testid("flash"), zh("admin.product.created")),
	)

	// The product list shows the price the Chinese way.
	var row string
	b.Run(
		click(`//nav`+link(zh("admin.nav.products"))),
		waitPage("the product list", `location.pathname === "/admin/products"`),
		waitContains(testid("product-table"), title),
		textOf(testid("product-row"), &row),
	)
	wantPrice := usd(i18n.Chinese, 29900)
	if !strings.Contains(row, title) || !strings.Contains(row, wantPrice) {
		t.Errorf("product row = %q, want %q at %q", row, title, wantPrice)
	}
	if !strings.HasPrefix(wantPrice, "US$") {
		t.Errorf("Chinese money format = %q, want the US$ prefix", wantPrice)
	}
	b.Screenshot(t.Name() + "_admin")

	// The mall's search finds it by a two-character word.
	var results []string
	b.Run(
		click(link("Test Mall")),
		waitPage("the mall home", `location.pathname === "/"`),
		chromedp.SendKeys(labelledIn("//header", zh("search.label")), "耳机", chromedp.BySearch),
		click("//header//form[@role='search']"+button(zh("search.submit"))),
		waitPage("the search results", `location.pathname === "/search"`),
		waitContains(testid("search-total"), count(i18n.Chinese, "search.total", 1)),
		chromedp.Evaluate(`[...document.querySelectorAll('[data-testid="product-card"] h3')].map(e => e.innerText.trim())`, &results),
	)
	if len(results) != 1 || results[0] != title {
		t.Errorf("mall search for 耳机 = %q, want [%s]", results, title)
	}
	var price string
	b.Run(
		click(link(title)),
		waitText(testid("product-title"), title),
		textOf(testid("product")+" "+testid("price"), &price),
	)
	// The shop's pages speak the visitor's language (Chinese), though the
	// shop writes in English: the product's own text stays as written.
	if want := usd(i18n.Chinese, 29900); price != want {
		t.Errorf("price on the English shop's page = %q, want %q", price, want)
	}
	b.Screenshot(t.Name() + "_product")

	// And back to English, from the shop page's header.
	b.Run(
		click(link(zh("nav.admin"))),
		waitPage("the admin", `location.pathname === "/admin"`),
	)
	switchAdminLanguage(b, i18n.Chinese, i18n.English)
	if labels := navLabels(t, b); !contains(labels, en("admin.nav.products")) || contains(labels, zh("admin.nav.products")) {
		t.Errorf("admin nav after switching back = %q, want %q and no Chinese", labels, en("admin.nav.products"))
	}
}
