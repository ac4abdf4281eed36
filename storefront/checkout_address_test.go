package storefront_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// addressParts is the order of the address parts on the checkout page
// and the label of each, the hidden ones left out.
func addressParts(p interface {
	Find(string) *goquery.Selection
}) (order string, labels map[string]string) {
	labels = map[string]string{}
	p.Find(`[data-address-parts] [data-address-part]`).Each(func(_ int, s *goquery.Selection) {
		if _, hidden := s.Attr("hidden"); hidden {
			return
		}
		part, _ := s.Attr("data-address-part")
		order += part
		labels[part] = strings.TrimSpace(s.Find("label").Text())
	})
	return order, labels
}

func TestCheckoutAddressFollowsTheCountry(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 1)
	p := b.Get("/checkout")
	sel := p.Doc.Find(`select[name="ship_country"]`)
	if sel.Length() != 1 || p.Doc.Find(`input[name="ship_country"]`).Length() != 0 {
		t.Fatal("the country is not a list")
	}
	if got := strings.TrimSpace(sel.Find(`option[value="GB"]`).Text()); got != "United Kingdom" {
		t.Errorf("GB is named %q", got)
	}
	if n := sel.Find("option").Length(); n < 240 {
		t.Errorf("%d countries", n)
	}
	// Enter in a field submits the first button: placing the order.
	if v, _ := p.Doc.Find(`form[data-testid="checkout-form"] button[type="submit"]`).First().Attr("value"); v != "place" {
		t.Errorf("the form's first button is %q, so Enter would not place the order", v)
	}

	for _, tc := range []struct {
		country, order string
		labels         map[string]string
	}{
		{"US", "AA2CSZ", map[string]string{"C": "City", "S": "State", "Z": "ZIP code"}},
		{"GB", "AA2CZ", map[string]string{"C": "Town or city", "Z": "Postal code"}},
		{"CN", "ZSCAA2", map[string]string{"Z": "Postal code", "S": "Province or region", "C": "City"}},
		{"HK", "SCAA2", map[string]string{"S": "Area", "C": "District (optional)"}},
		{"JP", "ZSAA2", map[string]string{"S": "Prefecture", "Z": "Postal code"}},
	} {
		form := checkoutForm(p, url.Values{"ship_country": {tc.country}, "action": {"update"}})
		got := b.Post("/checkout", form)
		order, labels := addressParts(got.Doc)
		if got.Status != http.StatusOK || order != tc.order {
			t.Errorf("%s: %d, parts %q, want %q", tc.country, got.Status, order, tc.order)
		}
		for part, want := range tc.labels {
			if labels[part] != want {
				t.Errorf("%s %s labelled %q, want %q", tc.country, part, labels[part], want)
			}
		}
	}

	// A Chinese shopper reads the countries in Chinese.
	zh := m.visitor()
	zh.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	add(t, zh, "/s/acme/p/steel-kettle", 1)
	if got := strings.TrimSpace(zh.Get("/checkout").Doc.Find(`select[name="ship_country"] option[value="DE"]`).Text()); got != "德国" {
		t.Errorf("DE in Chinese: %q", got)
	}
}

func TestCheckoutChecksTheAddressByItsCountry(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 1)
	us := url.Values{"email": {"homer@example.test"}, "ship_name": {"Homer Simpson"}, "ship_line1": {"742 Evergreen Terrace"},
		"ship_city": {"Springfield"}, "ship_postal_code": {"6270"}, "ship_country": {"US"}, "ship_phone": {"12"}}
	p := place(b, b.Get("/checkout"), us)
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("US address without a state: %d", p.Status)
	}
	for _, f := range []string{"ship_region", "ship_postal_code", "ship_phone"} {
		if p.Text(`#field-`+f+`-error`) == "" {
			t.Errorf("no error beside %s", f)
		}
	}
	if p.Attr(`#field-ship_postal_code`, "value") != "6270" || p.Doc.Find(`select[name="ship_country"] option[value="US"][selected]`).Length() != 1 {
		t.Error("the typed address was not kept")
	}
	if n := m.countRows("orders"); n != 0 {
		t.Fatalf("%d orders", n)
	}
	us.Set("ship_region", "IL")
	us.Set("ship_postal_code", "62701")
	us.Set("ship_phone", "(217) 555-0100")
	p = place(b, p, us)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("good US address: %d %s", p.Status, p.Text(`[data-testid="form-errors"]`))
	}
	conf := b.Get(p.Location)
	if got := strings.Join(strings.Fields(conf.Text(`[data-testid="ship-to"]`)), " "); got != "Homer Simpson 742 Evergreen Terrace Springfield, IL 62701 United States +1 217-555-0100" {
		t.Errorf("ship to %q", got)
	}
}
