package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/browsertest"
)

// TestOfflineConfirmationShowsEachShopsPaymentInstructions: a merchant
// types its bank details into its settings; a shopper who checks out from
// that shop and another finds, on the confirmation page, how to pay each
// one: the amount, the order number as the reference, the payee and IBAN
// of the first, and whom to ask at the second, which set nothing.
func TestOfflineConfirmationShowsEachShopsPaymentInstructions(t *testing.T) {
	m := startMall(t)
	kettles, lamps := seedTwoShops(t, m)
	b := browsertest.New(t)

	signIn(t, b, m, kettles)
	b.Run(
		chromedp.Navigate(m.URL+"/admin/settings"),
		click(link(en("offline.admin.link"))),
		waitPage("the payment instructions", `location.pathname === "/admin/settings/payment"`),
		click(`//label[normalize-space()=`+xq(en("offline.admin.bank_transfer"))+`]`),
		typeInto(en("offline.bank.payee"), "Acme Kitchen Ltd"),
		typeInto(en("offline.bank.account"), "GB82 WEST 1234 5698 7654 32"),
		click(`//form[@data-testid="payment-instructions-form"]`+button(en("offline.admin.save"))),
		waitText(testid("flash"), en("offline.admin.saved")),
		click(button(en("nav.sign_out"))),
		waitPage("the mall after signing out", `location.pathname === "/"`),
	)

	b.Run(
		addToCart(m, "/s/acme/p/steel-kettle", 2),
		addToCart(m, "/s/bolt/p/desk-lamp", 1),
		chromedp.Navigate(m.URL+"/checkout"),
		typeInto(en("account.field.email"), "ada@example.test"),
		typeInto(en("checkout.address.name"), "Ada Lovelace"),
		typeInto(en("checkout.address.line1"), "12 St James's Square"),
		chooseCountry("GB"),
		typeInto(en("address.label.post_town"), "London"),
		typeInto(en("address.label.postal"), "SW1Y 4JH"),
		click(`//form[@data-testid="checkout-form"]`+button(en("checkout.place"))),
		waitPage("the confirmation", `/^\/checkout\/[0-9a-f]{32}$/.test(location.pathname)`),
	)
	var blocks []string
	b.Run(
		chromedp.WaitVisible(testid("pay-instructions"), chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('[data-testid="pay-instructions"]')].map(e => e.innerText.split(/\s+/).filter(Boolean).join(" "))`, &blocks),
	)
	if len(blocks) != 2 {
		t.Fatalf("%d instruction blocks, want one per shop: %q", len(blocks), blocks)
	}
	acme, bolt := blocks[0], blocks[1]
	for _, want := range []string{
		en("offline.pay.heading", "Shop", "Acme Kitchen"),
		usd(i18n.English, 5500), "ACME-1001", "Acme Kitchen Ltd", "GB82 WEST 1234 5698 7654 32",
		en("offline.pay.bank_note", "Reference", "ACME-1001", "Shop", "Acme Kitchen"),
	} {
		if !strings.Contains(acme, want) {
			t.Errorf("Acme's instructions lack %q:\n%s", want, acme)
		}
	}
	for _, want := range []string{usd(i18n.English, 4500), "BOLT-1001", en("offline.pay.none_email", "Shop", "Bolt Lighting", "Email", lamps.Merchant.ContactEmail, "Reference", "BOLT-1001")} {
		if !strings.Contains(bolt, want) {
			t.Errorf("Bolt's instructions lack %q:\n%s", want, bolt)
		}
	}
	b.Screenshot(t.Name())
}
