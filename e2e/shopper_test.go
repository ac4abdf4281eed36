package e2e_test

import (
	"fmt"
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
		// The header's search box, the page's only one: type, then press
		// the button beside it.
		chromedp.SendKeys(labelledIn("//header", en("search.label")), "running shoe", chromedp.BySearch),
		click("//header//form[@role='search']"+button(en("search.submit"))),
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

// TestShopperPicksVariantWithoutJavaScript: the variant picker's chips are
// part of the add-to-cart form, and its own button shows the chosen
// option's page, so it works the same with scripts off.
func TestShopperPicksVariantWithoutJavaScript(t *testing.T) {
	m := startMall(t)
	seedShoes(t, m)
	b := browsertest.New(t)
	b.DisableJavaScript()

	b.Run(chromedp.Navigate(m.URL + "/s/trail-co/p/summit-trail-running-shoe"))
	mustBeScriptless(t, b)
	pickSize(t, b)
}

// mustBeScriptless fails the test when mall.js ran on the page shown.
func mustBeScriptless(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	var scripted bool
	b.Run(
		chromedp.WaitVisible(testid("product-title"), chromedp.ByQuery),
		// mall.js marks <html class="js"> when it runs: it must not have.
		chromedp.Evaluate(`document.documentElement.classList.contains("js")`, &scripted),
	)
	if scripted {
		t.Fatal("mall.js ran: JavaScript is not off")
	}
}

// scripted reports whether mall.js runs on the page shown.
func scripted(b *browsertest.Browser) bool {
	var on bool
	b.Run(
		chromedp.WaitVisible(testid("product-title"), chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.classList.contains("js")`, &on),
	)
	return on
}

// chip is the picker's chip for an option value, as a person sees it.
func chip(value string) string {
	return fmt.Sprintf(`//form[@data-testid="add-to-cart"]//label[contains(@class,"chip")][.//input[@value=%s]]`, xq(value))
}

// pickSize is on the shoe's page: it checks size S is shown, picks M as a
// person does (the size's chip; without JavaScript, then the picker's
// button) and checks the page now shows M.
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

	js := scripted(b)
	var checked bool
	b.Run(
		// The size radios are labelled by their chips; click M's label.
		click(chip("M")),
		chromedp.Evaluate(`document.querySelector('[data-testid="variant-picker"] input[type="radio"][value="M"]').checked`, &checked),
	)
	if !checked {
		t.Fatal("clicking the M chip did not check its radio button")
	}
	lowLeft := count(i18n.English, "product.stock.only_left", 3)
	if !js {
		b.Run(
			click(`//form[@data-testid="add-to-cart"]`+button(en("product.variant.choose"))),
			waitPage("the page for size M", `location.search.includes("option1=M")`),
		)
	}
	b.Run(
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

// seedJacket opens a shop with a jacket in sizes S, M, L and colours Moss
// and Slate: S Moss is shown first, L Slate is dearer, L Moss is sold out
// and there is no M Slate.
func seedJacket(t *testing.T, m *testMall) {
	t.Helper()
	s := m.openShop(t, "north", "North Outfitters")
	m.addProduct(t, s, catalog.ProductInput{
		Title:       "Field Jacket",
		OptionNames: [3]string{"Size", "Colour"},
		Variants: []catalog.VariantInput{
			{SKU: "FJ-S-MOSS", Options: [3]string{"S", "Moss"}, Price: 12000, Currency: "USD", Stock: 5},
			{SKU: "FJ-S-SLATE", Options: [3]string{"S", "Slate"}, Price: 12000, Currency: "USD", Stock: 5},
			{SKU: "FJ-M-MOSS", Options: [3]string{"M", "Moss"}, Price: 12000, Currency: "USD", Stock: 5},
			{SKU: "FJ-L-MOSS", Options: [3]string{"L", "Moss"}, Price: 12000, Currency: "USD", Stock: 0},
			{SKU: "FJ-L-SLATE", Options: [3]string{"L", "Slate"}, Price: 13000, Currency: "USD", Stock: 2},
		},
	})
}

// TestShopperAddsTheChosenOptionsToTheCart: L + Slate goes into the cart,
// not the S / Moss the page showed first, with JavaScript on and off.
func TestShopperAddsTheChosenOptionsToTheCart(t *testing.T) {
	for _, js := range []bool{true, false} {
		t.Run(map[bool]string{true: "JavaScript", false: "NoJavaScript"}[js], func(t *testing.T) {
			m := startMall(t)
			seedJacket(t, m)
			b := browsertest.New(t)
			if !js {
				b.DisableJavaScript()
			}
			b.Run(chromedp.Navigate(m.URL + "/s/north/p/field-jacket"))
			if scripted(b) != js {
				t.Fatalf("mall.js ran: %v, want %v", !js, js)
			}
			b.Run(click(chip("L")), click(chip("Slate")))
			if js {
				// The page follows the choice at once, without a round trip.
				var sku, stock string
				b.Run(
					waitText(testid("product")+" "+testid("price"), usd(i18n.English, 13000)),
					textOf(testid("product-sku"), &sku),
					textOf(testid("stock"), &stock),
				)
				if sku != "FJ-L-SLATE" || stock != count(i18n.English, "product.stock.only_left", 2) {
					t.Errorf("after choosing L + Slate: sku %q, stock %q", sku, stock)
				}
			}
			var line, linePrice string
			b.Run(
				click(`//form[@data-testid="add-to-cart"]`+button(en("cart.add.submit"))),
				waitPage("the cart", `location.pathname === "/cart"`),
				waitText(testid("flash"), en("cart.flash.added")),
				textOf(testid("cart-line-variant"), &line),
				textOf(testid("cart-line-price"), &linePrice),
			)
			if line != "L / Slate" || linePrice != usd(i18n.English, 13000) {
				t.Errorf("cart holds %q at %s, want L / Slate at %s", line, linePrice, usd(i18n.English, 13000))
			}
		})
	}
}

// TestPickerSaysWhenAChoiceCannotBeBought: with JavaScript the chips say
// at once which combinations are sold out or missing, and "Add to cart"
// is off for them; without it the server says so and adds nothing.
func TestPickerSaysWhenAChoiceCannotBeBought(t *testing.T) {
	t.Run("JavaScript", func(t *testing.T) {
		m := startMall(t)
		seedJacket(t, m)
		b := browsertest.New(t)
		var mark, status string
		var disabled bool
		b.Run(
			chromedp.Navigate(m.URL+"/s/north/p/field-jacket"),
			click(chip("L")),
			waitText(testid("variant-status"), en("product.variant.choice_sold_out")),
			textOf(`label.chip-sold-out .chip-mark`, &mark),
			chromedp.Evaluate(`document.querySelector('[data-testid="add-to-cart-submit"]').disabled`, &disabled),
		)
		if mark != en("product.variant.value_sold_out") || !disabled {
			t.Errorf("L + Moss: chip mark %q, add to cart disabled %v", mark, disabled)
		}
		b.Run(
			click(chip("Slate")),
			waitJS("add to cart to come back on", `!document.querySelector('[data-testid="add-to-cart-submit"]').disabled`),
			click(chip("M")),
			waitText(testid("variant-status"), en("product.variant.choice_missing")),
			chromedp.Evaluate(`document.querySelector('[data-testid="add-to-cart-submit"]').disabled`, &disabled),
			chromedp.Evaluate(`document.querySelector('[data-testid="variant-status"]').innerText`, &status),
		)
		if !disabled {
			t.Error("add to cart is on for M + Slate, which does not exist")
		}
		b.Screenshot(t.Name())
	})
	t.Run("NoJavaScript", func(t *testing.T) {
		m := startMall(t)
		seedJacket(t, m)
		b := browsertest.New(t)
		b.DisableJavaScript()
		b.Run(chromedp.Navigate(m.URL + "/s/north/p/field-jacket"))
		mustBeScriptless(t, b)
		var status, mark string
		b.Run(
			click(chip("L")),
			click(`//form[@data-testid="add-to-cart"]`+button(en("cart.add.submit"))),
			waitPage("back on the jacket", `location.search.includes("option1=L")`),
			waitText(testid("flash"), en("product.variant.choice_sold_out")),
			textOf(testid("variant-status"), &status),
			textOf(`label.chip-sold-out .chip-mark`, &mark),
		)
		if status != en("product.variant.choice_sold_out") || mark != en("product.variant.value_sold_out") {
			t.Errorf("after adding L + Moss: status %q, chip mark %q", status, mark)
		}
		var n string
		b.Run(chromedp.Navigate(m.URL+"/cart"), textOf(testid("cart-count"), &n))
		if n != "0" {
			t.Errorf("cart holds %s items after a sold-out choice", n)
		}
	})
}
