package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/browsertest"
)

// seedShoes opens a shoe shop with one shoe in two sizes: S (in stock,
// picked first) and M (dearer, only 3 left).
func seedShoes(t *testing.T, m *testMall) {
	t.Helper()
	s := m.openShop(t, "trail-co", "Trail Co")
	m.addProduct(t, s, catalog.ProductInput{
		Title:       "Summit Trail Running Shoe",
		Description: "Light shoes for **long** runs.",
		OptionNames: [3]string{"Size"},
		Variants: []catalog.VariantInput{
			{SKU: "SHOE-S", Options: [3]string{"S"}, Price: 8900, Currency: "USD", Stock: 12},
			{SKU: "SHOE-M", Options: [3]string{"M"}, Price: 9500, Currency: "USD", Stock: 3},
		},
	})
	// Something else in the mall, so search has to choose.
	m.addProduct(t, s, catalog.ProductInput{
		Title:    "Wool Hiking Socks",
		Variants: []catalog.VariantInput{{SKU: "SOCK", Price: 1500, Currency: "USD", Stock: 40}},
	})
}

// TestShopperSearchesAndPicksVariant: a new visitor searches the mall from
// its home page, opens the shoe from the results and picks another size;
// the price and stock on the page follow the choice.
func TestShopperSearchesAndPicksVariant(t *testing.T) {
	m := startMall(t)
	seedShoes(t, m)
	b := browsertest.New(t)

	var heading string
	b.Run(
		chromedp.Navigate(m.URL+"/"),
		textOf("h1", &heading),
		// The hero's search box (the header has one too): type, then press
		// the button beside it.
		chromedp.SendKeys(labelledIn("//main", en("search.label")), "running shoe", chromedp.BySearch),
		click("//main//form[@role='search']"+button(en("search.submit"))),
		waitPage("the search results", `location.pathname === "/search"`),
		waitText("h1", en("search.title_query", "Query", "running shoe")),
	)
	if heading != en("home.hero.title") {
		t.Errorf("home page h1 = %q, want %q", heading, en("home.hero.title"))
	}

	var results []string
	b.Run(
		waitContains(testid("product-grid"), "Summit Trail Running Shoe"),
		chromedp.Evaluate(`[...document.querySelectorAll('[data-testid="product-card"] h3')].map(e => e.innerText.trim())`, &results),
	)
	if len(results) != 1 || results[0] != "Summit Trail Running Shoe" {
		t.Errorf("results for %q = %q, want only the shoe", "running shoe", results)
	}

	b.Run(
		click(link("Summit Trail Running Shoe")),
		waitPage("the product page", `location.pathname.endsWith("/p/summit-trail-running-shoe")`),
	)
	pickSize(t, b)
	b.Screenshot(t.Name())
}

// TestShopperPicksVariantWithoutJavaScript: the variant picker is a plain
// form, so it works the same with scripts off.
func TestShopperPicksVariantWithoutJavaScript(t *testing.T) {
	m := startMall(t)
	seedShoes(t, m)
	b := browsertest.New(t)
	b.DisableJavaScript()

	var scripted bool
	b.Run(
		chromedp.Navigate(m.URL+"/s/trail-co/p/summit-trail-running-shoe"),
		chromedp.WaitVisible(testid("product-title"), chromedp.ByQuery),
		// mall.js marks <html class="js"> when it runs: it must not have.
		chromedp.Evaluate(`document.documentElement.classList.contains("js")`, &scripted),
	)
	if scripted {
		t.Fatal("mall.js ran: JavaScript is not off")
	}
	pickSize(t, b)
}

// pickSize is on the shoe's page: it checks size S is shown, picks M as a
// person does (the size's chip, then the picker's button) and checks the
// page now shows M.
func pickSize(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	var title, price, stock, sku string
	b.Run(
		textOf(testid("product-title"), &title),
		textOf(testid("product")+" "+testid("price"), &price),
		textOf(testid("stock"), &stock),
		textOf(testid("product-sku"), &sku),
	)
	if title != "Summit Trail Running Shoe" || price != usd(i18n.English, 8900) || stock != en("product.stock.in_stock") || sku != "SHOE-S" {
		t.Fatalf("product page before the pick: title %q, price %q, stock %q, sku %q; want the shoe in size S at %s, %q",
			title, price, stock, sku, usd(i18n.English, 8900), en("product.stock.in_stock"))
	}

	var checked bool
	b.Run(
		// The size radios are labelled by their chips; click M's label.
		click(`//form[@data-testid="variant-picker"]//label[normalize-space(.)="M"]`),
		chromedp.Evaluate(`document.querySelector('[data-testid="variant-picker"] input[type="radio"][value="M"]').checked`, &checked),
	)
	if !checked {
		t.Fatal("clicking the M chip did not check its radio button")
	}
	lowLeft := count(i18n.English, "product.stock.only_left", 3)
	b.Run(
		click(`//form[@data-testid="variant-picker"]`+button(en("product.variant.choose"))),
		waitPage("the page for size M", `location.search.includes("option1=M")`),
		waitText(testid("product")+" "+testid("price"), usd(i18n.English, 9500)),
		textOf(testid("stock"), &stock),
		textOf(testid("product-sku"), &sku),
	)
	if stock != lowLeft || sku != "SHOE-M" {
		t.Errorf("after picking M: stock %q, sku %q; want %q, SHOE-M", stock, sku, lowLeft)
	}
	var mChecked bool
	b.Run(chromedp.Evaluate(`document.querySelector('[data-testid="variant-picker"] input[value="M"]').checked`, &mChecked))
	if !mChecked {
		t.Error("after picking M the picker does not show M as chosen")
	}
	if strings.Contains(stock, en("product.stock.sold_out")) {
		t.Errorf("size M shows sold out: %q", stock)
	}
}
