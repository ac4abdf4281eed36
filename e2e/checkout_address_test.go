package e2e_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/browsertest"
	"github.com/mall-project/mall/orders"
)

// chooseCountry picks a country from the checkout's list, as a person
// would, so the page's script sees the change.
func chooseCountry(code string) chromedp.Action {
	return bounded("to choose the country "+code, chromedp.Tasks{
		chromedp.WaitVisible(`select[name="ship_country"]`, chromedp.ByQuery),
		chromedp.SetValue(`select[name="ship_country"]`, code, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('select[name="ship_country"]').dispatchEvent(new Event("change", {bubbles: true}))`, nil),
	})
}

// TestCheckoutFollowsCountryAndShippingWithoutARoundTrip: with JavaScript
// on, choosing a country relabels and reorders the address at once, and
// choosing another shipping method reprices the order without loading a
// page; the order is then placed at the total shown.
func TestCheckoutFollowsCountryAndShippingWithoutARoundTrip(t *testing.T) {
	m := startMall(t)
	kettles, _ := seedTwoShops(t, m)
	if _, err := m.app.Orders.CreateShippingMethod(t.Context(), kettles.Merchant.ID, orders.ShippingMethodInput{Name: "Express", Price: 1500, Active: true}); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	var loads int
	b.Run(
		addToCart(m, "/s/acme/p/steel-kettle", 2),
		chromedp.Navigate(m.URL+"/checkout"),
		waitText(testid("checkout-total"), usd(i18n.English, 5500)),
		chromedp.Evaluate(`window.__sameLoad = true`, nil),
		chooseCountry("US"),
		waitText(`[data-address-part="S"] label`, en("address.label.state")),
		waitText(`[data-address-part="Z"] label`, en("address.label.zip")),
		chooseCountry("CN"),
		waitJS("the postal code to come first for China", `document.querySelector("[data-address-parts] [data-address-part]").getAttribute("data-address-part") === "Z"`),
		chooseCountry("GB"),
		waitJS("the region to hide for the UK", `document.querySelector('[data-address-part="S"]').hidden`),
		click(`//label[contains(., "Express")]`),
		waitText(testid("checkout-total"), usd(i18n.English, 6500)),
		waitText(testid("checkout-group-shipping"), usd(i18n.English, 1500)),
		chromedp.Evaluate(`window.__sameLoad ? 1 : 0`, &loads),
	)
	if loads != 1 {
		t.Fatal("the page was loaded again")
	}
	b.Run(
		typeInto(en("account.field.email"), "ada@example.test"),
		typeInto(en("checkout.address.name"), "Ada Lovelace"),
		typeInto(en("checkout.address.line1"), "12 St James's Square"),
		typeInto(en("address.label.post_town"), "London"),
		typeInto(en("address.label.postal"), "SW1Y 4JH\n"),
		waitPage("the confirmation after Enter", `/^\/checkout\/[0-9a-f]{32}$/.test(location.pathname)`),
		waitText(testid("confirmation-total"), usd(i18n.English, 6500)),
	)
	b.Screenshot(t.Name())
}
