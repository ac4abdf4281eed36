package storefront_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
)

// address is a complete checkout form apart from the expected total.
func address(email string) url.Values {
	return url.Values{
		"email": {email}, "ship_name": {"Ada Lovelace"}, "ship_line1": {"12 St James's Square"},
		"ship_city": {"London"}, "ship_postal_code": {"SW1Y 4JH"}, "ship_country": {"gb"},
		"ship_phone": {"+44 20 7946 0000"},
	}
}

// checkoutForm reads the checkout page's hidden fields and chosen shipping
// into form, the way the browser would send them.
func checkoutForm(p *malltest.Page, form url.Values) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = v
	}
	p.Doc.Find(`form[data-testid="checkout-form"] input[type="hidden"], form[data-testid="checkout-form"] input[type="radio"][checked]`).Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		if _, set := out[name]; !set {
			out.Set(name, value)
		}
	})
	return out
}

// place submits the checkout page p with form.
func place(b *malltest.Browser, p *malltest.Page, form url.Values) *malltest.Page {
	values := checkoutForm(p, form)
	values.Set("action", "place")
	return b.Post("/checkout", values)
}

var confirmationPath = regexp.MustCompile(`^/checkout/[0-9a-f]{32}$`)

// orderNumbers are the order numbers a page shows.
func orderNumbers(p *malltest.Page) []string {
	return p.Doc.Find(`[data-testid="order-number"]`).Map(func(_ int, s *goquery.Selection) string {
		return strings.TrimSpace(s.Text())
	})
}

func (m *buyingMall) countRows(table string) int64 {
	m.t.Helper()
	var n int64
	if err := m.db.Table(table).Count(&n).Error; err != nil {
		m.t.Fatal(err)
	}
	return n
}

func TestCheckoutShowsEachShopsShippingAndTotals(t *testing.T) {
	m := newBuyingMall(t)
	express := m.shipping(m.acme.ID, "Express", 1500, 0)
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 2)
	add(t, b, "/s/bolt/p/desk-lamp", 1)

	p := b.Get("/checkout")
	if p.Status != http.StatusOK {
		t.Fatalf("GET /checkout = %d", p.Status)
	}
	// Acme: $50 + $5 standard; Bolt: $40 + $8 courier.
	groups := p.Doc.Find(`[data-testid="checkout-group"]`)
	if groups.Length() != 2 {
		t.Fatalf("%d shop groups, want 2", groups.Length())
	}
	if got := strings.TrimSpace(groups.First().Find(`[data-testid="checkout-group-total"]`).Text()); got != "$55.00" {
		t.Errorf("Acme total %q, want $55.00", got)
	}
	if got := p.Text(`[data-testid="checkout-total"]`); got != "$103.00" {
		t.Errorf("total %q, want $103.00", got)
	}
	if got := p.Attr(`input[name="expected_total"]`, "value"); got != "10300" {
		t.Errorf("expected_total %q, want 10300", got)
	}
	if !strings.Contains(groups.First().Text(), "free over $100.00") {
		t.Error("Acme's standard shipping does not say it is free over $100")
	}

	// Choose express for Acme and update the totals, without JavaScript.
	form := checkoutForm(p, address("ada@example.test"))
	form.Set("shipping_"+itoa(m.acme.ID), itoa(express.ID))
	form.Set("action", "update")
	p = b.Post("/checkout", form)
	if p.Status != http.StatusOK {
		t.Fatalf("update totals: %d", p.Status)
	}
	if got := p.Text(`[data-testid="checkout-total"]`); got != "$113.00" {
		t.Errorf("total with express %q, want $113.00", got)
	}
	if v, _ := p.Doc.Find(`input[name="ship_name"]`).Attr("value"); v != "Ada Lovelace" {
		t.Errorf("name not kept across the update: %q", v)
	}
	if got := p.Attr(`input[name="shipping_`+itoa(m.acme.ID)+`"][checked]`, "value"); got != itoa(express.ID) {
		t.Errorf("chosen method %q after update, want express", got)
	}

	// Four kettles pass Acme's free-shipping threshold on standard.
	b.Post("/cart/lines/"+lineID(t, b.Get("/cart"), "Steel Kettle"), url.Values{"quantity": {"4"}})
	p = b.Get("/checkout")
	if got := strings.TrimSpace(p.Doc.Find(`[data-testid="checkout-group"]`).First().Find(`[data-testid="checkout-group-shipping"]`).Text()); got != "$0.00" {
		t.Errorf("Acme shipping over the threshold %q, want $0.00", got)
	}
}

func TestCheckoutInvalidInputKeepsWhatWasTyped(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 1)
	p := b.Get("/checkout")

	form := address("not-an-email")
	form.Set("ship_city", "")
	form.Set("ship_line2", "Flat 3")
	p = place(b, p, form)
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", p.Status)
	}
	for name, want := range map[string]string{"email": "not-an-email", "ship_name": "Ada Lovelace", "ship_line2": "Flat 3", "ship_postal_code": "SW1Y 4JH"} {
		if v, _ := p.Doc.Find(`input[name="` + name + `"]`).Attr("value"); v != want {
			t.Errorf("%s not kept: %q, want %q", name, v, want)
		}
	}
	for _, field := range []string{"email", "ship_city"} {
		if p.Doc.Find(`#field-`+field+`-error`).Length() != 1 {
			t.Errorf("no message beside %s", field)
		}
	}
	if p.Doc.Find(`#field-ship_name-error`).Length() != 0 {
		t.Error("a valid field is marked wrong")
	}
	if n := m.countRows("orders"); n != 0 {
		t.Errorf("%d orders placed from an invalid form", n)
	}
	if got := cartLines(t, b.Get("/cart")); got["Steel Kettle"] != 1 {
		t.Errorf("cart after a refused checkout %v", got)
	}
}

func TestCheckoutChangedPriceShowsTheChangeAndPlacesNothing(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 2)
	p := b.Get("/checkout")
	if got := p.Text(`[data-testid="checkout-total"]`); got != "$55.00" {
		t.Fatalf("total %q before the change", got)
	}

	// The merchant raises the price while the shopper fills the form.
	in := simple("Steel Kettle", "steel-kettle", "KET-1", 3000, 10)
	in.Variants[0].ID = m.kettle.Variants[0].ID
	if _, err := m.app.Catalog.UpdateProduct(t.Context(), m.acme.ID, m.kettle.ID, in); err != nil {
		t.Fatal(err)
	}
	p = place(b, p, address("ada@example.test"))
	if p.Status != http.StatusConflict {
		t.Fatalf("status %d, want 409", p.Status)
	}
	if msg := p.Text(`[data-testid="checkout-total-changed"]`); !strings.Contains(msg, "$55.00") || !strings.Contains(msg, "$65.00") {
		t.Errorf("total change message %q does not say from $55.00 to $65.00", msg)
	}
	if msg := p.Text(`[data-testid="checkout-change"]`); !strings.Contains(msg, "Steel Kettle") || !strings.Contains(msg, "$30.00") {
		t.Errorf("change %q does not name the kettle's new price", msg)
	}
	if got := p.Text(`[data-testid="checkout-total"]`); got != "$65.00" {
		t.Errorf("new total %q, want $65.00", got)
	}
	if v, _ := p.Doc.Find(`input[name="ship_line1"]`).Attr("value"); v != "12 St James's Square" {
		t.Errorf("address lost: %q", v)
	}
	if n := m.countRows("orders"); n != 0 {
		t.Fatalf("%d orders placed at a changed price", n)
	}
	if n := m.countRows("checkouts"); n != 0 {
		t.Fatalf("%d checkouts made at a changed price", n)
	}

	// The shopper confirms the new total: placed.
	p = place(b, p, address("ada@example.test"))
	if p.Status != http.StatusSeeOther || !confirmationPath.MatchString(p.Location) {
		t.Fatalf("confirming the new total: %d to %q", p.Status, p.Location)
	}
}

func TestCheckoutShortStockIsAConflict(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	add(t, b, "/s/bolt/p/desk-lamp", 3)
	p := b.Get("/checkout")
	if err := m.app.Catalog.SetStock(t.Context(), m.bolt.ID, m.lamp.Variants[0].ID, 1); err != nil {
		t.Fatal(err)
	}
	p = place(b, p, address("ada@example.test"))
	if p.Status != http.StatusConflict {
		t.Fatalf("status %d, want 409", p.Status)
	}
	if msg := p.Text(`[data-testid="checkout-change"]`); !strings.Contains(msg, "Desk Lamp") || !strings.Contains(msg, "1") {
		t.Errorf("change %q does not say only 1 lamp is left", msg)
	}
	if p.Doc.Find(`[data-testid="checkout-place"]`).Length() != 0 {
		t.Error("place button offered while stock is short")
	}
	if n := m.countRows("orders"); n != 0 {
		t.Errorf("%d orders placed with short stock", n)
	}
}

func TestCheckoutBlockedForShopWithoutShipping(t *testing.T) {
	m := newBuyingMall(t)
	bare := m.merchant(merchants.Merchant{Slug: "bare", Name: "Bare Shop"})
	m.product(bare.ID, simple("Plain Mug", "plain-mug", "MUG-1", 1200, 5))
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 1)
	add(t, b, "/s/bare/p/plain-mug", 1)

	p := b.Get("/checkout")
	if msg := p.Text(`[data-testid="checkout-no-shipping"]`); !strings.Contains(msg, "Bare Shop") {
		t.Errorf("no-shipping message %q does not name the shop", msg)
	}
	if p.Doc.Find(`[data-testid="checkout-place"]`).Length() != 0 {
		t.Error("place button offered with a shop that cannot ship")
	}
	if p = place(b, p, address("ada@example.test")); p.Status != http.StatusConflict {
		t.Errorf("placing anyway: %d, want 409", p.Status)
	}
	if n := m.countRows("orders"); n != 0 {
		t.Errorf("%d orders placed", n)
	}
}

func TestOfflineCheckoutMakesAnOrderPerShop(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 2)
	add(t, b, "/s/bolt/p/desk-lamp", 1)
	p := place(b, b.Get("/checkout"), address("ada@example.test"))
	if p.Status != http.StatusSeeOther || !confirmationPath.MatchString(p.Location) {
		t.Fatalf("place: %d to %q, want 303 to /checkout/:public_id", p.Status, p.Location)
	}
	confirmation := p.Location

	p = b.Get(confirmation)
	if p.Status != http.StatusOK {
		t.Fatalf("confirmation: %d", p.Status)
	}
	if got := strings.Join(orderNumbers(p), ","); got != "ACME-1001,BOLT-1001" {
		t.Errorf("order numbers %q, want ACME-1001,BOLT-1001", got)
	}
	if msg := p.Text(`[data-testid="payment-state"]`); !strings.Contains(msg, "Pay each shop as it asks below") {
		t.Errorf("payment note %q", msg)
	}
	if got := p.Text(`[data-testid="confirmation-total"]`); got != "$103.00" {
		t.Errorf("total %q, want $103.00", got)
	}
	if got := cartCount(p); got != "0" {
		t.Errorf("cart count %q after checkout, want 0", got)
	}
	if n := m.countRows("orders"); n != 2 {
		t.Errorf("%d orders, want 2", n)
	}

	// Nobody else sees it, signed in or not.
	if p := m.visitor().Get(confirmation); p.Status != http.StatusNotFound {
		t.Errorf("another visitor: %d, want 404", p.Status)
	}
	stranger := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "eve@example.test", "Eve"))
	if p := stranger.Get(confirmation); p.Status != http.StatusNotFound {
		t.Errorf("another account: %d, want 404", p.Status)
	}

	// The signed link on the page works in any browser; a tampered one
	// does not.
	link := p.Attr(`[data-testid="guest-link"] a`, "href")
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("sig") == "" {
		t.Fatalf("guest link %q", link)
	}
	p = m.visitor().Get(u.RequestURI())
	if p.Status != http.StatusOK || strings.Join(orderNumbers(p), ",") != "ACME-1001,BOLT-1001" {
		t.Errorf("signed link: %d showing %q", p.Status, orderNumbers(p))
	}
	sig := u.Query().Get("sig")
	tampered := strings.Replace(u.RequestURI(), sig, flipLast(sig), 1)
	if p := m.visitor().Get(tampered); p.Status != http.StatusNotFound {
		t.Errorf("tampered link: %d, want 404", p.Status)
	}
	if p := m.visitor().Get(u.Path); p.Status != http.StatusNotFound {
		t.Errorf("link without signature: %d, want 404", p.Status)
	}
}

// flipLast changes the last character of a hex string.
func flipLast(s string) string {
	last := s[len(s)-1]
	if last == '0' {
		return s[:len(s)-1] + "1"
	}
	return s[:len(s)-1] + "0"
}

func TestSignedInCheckoutPrefillsEmail(t *testing.T) {
	m := newBuyingMall(t)
	acct := malltest.Account(t, m.app, "ada@example.test", "Ada Lovelace")
	b := malltest.SignedIn(t, m.app, acct)
	add(t, b, "/s/acme/p/steel-kettle", 1)
	p := b.Get("/checkout")
	if v, _ := p.Doc.Find(`input[name="email"]`).Attr("value"); v != "ada@example.test" {
		t.Errorf("email %q not prefilled", v)
	}
	if v, _ := p.Doc.Find(`input[name="ship_name"]`).Attr("value"); v != "Ada Lovelace" {
		t.Errorf("name %q not prefilled", v)
	}
}

func TestCheckoutOfEmptyCartGoesToTheCart(t *testing.T) {
	m := newBuyingMall(t)
	if p := m.visitor().Get("/checkout"); p.Status != http.StatusSeeOther || p.Location != "/cart" {
		t.Errorf("empty checkout: %d to %q", p.Status, p.Location)
	}
}
