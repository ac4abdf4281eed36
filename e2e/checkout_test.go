package e2e_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/browsertest"
	"github.com/mall-project/mall/orders"
)

// seedTwoShops opens two shops that ship, each selling one thing.
func seedTwoShops(t *testing.T, m *testMall) (kettles, lamps shop) {
	t.Helper()
	kettles = m.openShop(t, "acme", "Acme Kitchen")
	lamps = m.openShop(t, "bolt", "Bolt Lighting")
	m.addProduct(t, kettles, catalog.ProductInput{
		Title:    "Steel Kettle",
		Variants: []catalog.VariantInput{{SKU: "KET-1", Price: 2500, Currency: "USD", Stock: 10}},
	})
	m.addProduct(t, lamps, catalog.ProductInput{
		Title:    "Desk Lamp",
		Variants: []catalog.VariantInput{{SKU: "LAMP-1", Price: 4000, Currency: "USD", Stock: 5}},
	})
	for _, s := range []shop{kettles, lamps} {
		if _, err := m.app.Orders.CreateShippingMethod(t.Context(), s.Merchant.ID, orders.ShippingMethodInput{Name: "Standard", Price: 500, Active: true}); err != nil {
			t.Fatalf("shipping for %s: %v", s.Merchant.Slug, err)
		}
	}
	return kettles, lamps
}

// addToCart opens a product page, sets the quantity and presses "Add to
// cart"; the cart page follows.
func addToCart(m *testMall, productPath string, qty int) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Navigate(m.URL + productPath),
		bounded("to set the quantity", chromedp.SetValue(labelled(en("cart.field.quantity")), fmt.Sprint(qty), chromedp.BySearch)),
		click(`//form[@data-testid="add-to-cart"]` + button(en("cart.add.submit"))),
		waitPage("the cart", `location.pathname === "/cart"`),
		waitText(testid("flash"), en("cart.flash.added")),
	}
}

// TestShopperChecksOutFromTwoShops: a shopper fills one cart from two
// merchants and checks out with the offline provider (no Stripe key):
// one checkout, two orders, each with its shop's number. Then each
// merchant sees its own order in the admin, and not the other's.
func TestShopperChecksOutFromTwoShops(t *testing.T) {
	m := startMall(t)
	kettles, lamps := seedTwoShops(t, m)
	b := browsertest.New(t)

	b.Run(
		addToCart(m, "/s/acme/p/steel-kettle", 2),
		addToCart(m, "/s/bolt/p/desk-lamp", 1),
		waitText(testid("cart-count"), "3"),
		waitText(testid("cart-total"), usd(i18n.English, 9000)),
		click(`//a[@data-testid="checkout-link"]`),
		waitPage("the checkout", `location.pathname === "/checkout"`),
		waitText(testid("checkout-total"), usd(i18n.English, 10000)),
		typeInto(en("account.field.email"), "ada@example.test"),
		typeInto(en("checkout.address.name"), "Ada Lovelace"),
		typeInto(en("checkout.address.line1"), "12 St James's Square"),
		chooseCountry("GB"),
		typeInto(en("address.label.post_town"), "London"),
		typeInto(en("address.label.postal"), "SW1Y 4JH"),
		click(`//form[@data-testid="checkout-form"]`+button(en("checkout.place"))),
		waitPage("the confirmation", `/^\/checkout\/[0-9a-f]{32}$/.test(location.pathname)`),
		waitText(testid("confirmation-total"), usd(i18n.English, 10000)),
	)
	var numbers []string
	b.Run(chromedp.Evaluate(`[...document.querySelectorAll('[data-testid="order-number"]')].map(e => e.innerText.trim())`, &numbers))
	if strings.Join(numbers, ",") != "ACME-1001,BOLT-1001" {
		t.Errorf("order numbers %q, want ACME-1001 and BOLT-1001", numbers)
	}
	var note string
	b.Run(textOf(testid("payment-state"), &note))
	if note != en("checkout.confirmation.offline") {
		t.Errorf("payment note %q, want %q", note, en("checkout.confirmation.offline"))
	}

	// Each merchant signs in and finds its own order, and only its own.
	for _, tc := range []struct {
		shop        shop
		own, others string
	}{
		{kettles, "ACME-1001", "BOLT-1001"},
		{lamps, "BOLT-1001", "ACME-1001"},
	} {
		signIn(t, b, m, tc.shop)
		var listed []string
		b.Run(
			click(`//nav//a[@href="/admin/orders"]`),
			waitPage("the order list", `location.pathname === "/admin/orders"`),
			chromedp.WaitVisible(testid("order-table"), chromedp.ByQuery),
			chromedp.Evaluate(`[...document.querySelectorAll('[data-testid="order-row"] [data-testid="order-number"]')].map(e => e.innerText.trim())`, &listed),
		)
		if len(listed) != 1 || listed[0] != tc.own {
			t.Errorf("%s's order list %q, want only %s", tc.shop.Merchant.Name, listed, tc.own)
		}
		var body string
		b.Run(chromedp.Text("main", &body, chromedp.ByQuery))
		if strings.Contains(body, tc.others) {
			t.Errorf("%s's admin shows the other shop's order %s", tc.shop.Merchant.Name, tc.others)
		}
		b.Run(
			click(button(en("nav.sign_out"))),
			waitPage("the mall after signing out", `location.pathname === "/"`),
		)
	}
	b.Screenshot(t.Name())
}
