package storefront_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
)

// jacketMall is a shop with a jacket in three sizes and two colours: S and
// M Moss, S Slate, L Slate (dearer, 2 left) and L Moss sold out; there is
// no M Slate.
func jacketMall(t *testing.T) *buyingMall {
	t.Helper()
	m := newBuyingMall(t)
	m.product(m.acme.ID, catalog.ProductInput{
		Title: "Field Jacket", Slug: "field-jacket", Status: catalog.StatusActive,
		OptionNames: [3]string{"Size", "Colour"},
		Variants: []catalog.VariantInput{
			{SKU: "FJ-S-MOSS", Options: [3]string{"S", "Moss"}, Price: 12000, Currency: "USD", Stock: 5},
			{SKU: "FJ-S-SLATE", Options: [3]string{"S", "Slate"}, Price: 12000, Currency: "USD", Stock: 5},
			{SKU: "FJ-M-MOSS", Options: [3]string{"M", "Moss"}, Price: 12000, Currency: "USD", Stock: 5},
			{SKU: "FJ-L-MOSS", Options: [3]string{"L", "Moss"}, Price: 12000, Currency: "USD", Stock: 0},
			{SKU: "FJ-L-SLATE", Options: [3]string{"L", "Slate"}, Price: 13000, Currency: "USD", Stock: 2},
		},
	})
	return m
}

// addChoosing opens the jacket's page and posts its add-to-cart form as a
// browser does after the shopper clicked the chips in options
// ("option1" -> "L"); an option given as "" is left unchosen.
func addChoosing(t *testing.T, b *malltest.Browser, options map[string]string) *malltest.Page {
	t.Helper()
	p := b.Get("/s/acme/p/field-jacket")
	form := p.Doc.Find(`form[data-testid="add-to-cart"]`)
	if form.Length() != 1 {
		t.Fatal("no add-to-cart form")
	}
	if form.Find(`input[name="variant_id"]`).Length() != 0 {
		t.Error("the form of a product with options names a variant of its own")
	}
	values := url.Values{"quantity": {"1"}}
	form.Find(`input[type="hidden"], input[type="radio"][checked]`).Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		values.Set(name, value)
	})
	for name, value := range options {
		if value == "" {
			values.Del(name)
			continue
		}
		if form.Find(`input[type="radio"][name="`+name+`"][value="`+value+`"]`).Length() != 1 {
			t.Fatalf("no chip %s=%s in the form", name, value)
		}
		values.Set(name, value)
	}
	action, _ := form.Attr("action")
	return b.Post(action, values)
}

func TestAddToCartTakesTheOptionsChosen(t *testing.T) {
	m := jacketMall(t)
	b := m.visitor()
	p := addChoosing(t, b, map[string]string{"option1": "L", "option2": "Slate"})
	if p.Status != http.StatusSeeOther || p.Location != "/cart" {
		t.Fatalf("add L + Slate: %d to %q", p.Status, p.Location)
	}
	cart := b.Get("/cart")
	if got := cart.Text(`[data-testid="cart-line-variant"]`); got != "L / Slate" {
		t.Errorf("variant in the cart %q, want L / Slate", got)
	}
	if got := cart.Text(`[data-testid="cart-line-price"]`); got != "$130.00" {
		t.Errorf("price in the cart %q, want $130.00", got)
	}
}

func TestAddToCartAddsNothingForAChoiceItCannotSell(t *testing.T) {
	m := jacketMall(t)
	for _, tc := range []struct {
		name    string
		options map[string]string
		back    string
		message string
	}{
		{"no such combination", map[string]string{"option1": "M", "option2": "Slate"},
			"/s/acme/p/field-jacket?option1=M&option2=Slate", "This combination is not available. Please choose another."},
		{"sold out", map[string]string{"option1": "L", "option2": "Moss"},
			"/s/acme/p/field-jacket?option1=L&option2=Moss", "This option is sold out. Please choose another."},
		{"colour not chosen", map[string]string{"option1": "L", "option2": ""},
			"/s/acme/p/field-jacket?option1=L", "This combination is not available. Please choose another."},
	} {
		b := m.visitor()
		p := addChoosing(t, b, tc.options)
		if p.Status != http.StatusSeeOther || p.Location != tc.back {
			t.Errorf("%s: %d to %q, want back to %q", tc.name, p.Status, p.Location, tc.back)
			continue
		}
		page := b.Get(p.Location)
		if got := page.Text(`[data-testid="flash"]`); got != tc.message {
			t.Errorf("%s: message %q, want %q", tc.name, got, tc.message)
		}
		if got := cartCount(b.Get("/cart")); got != "0" {
			t.Errorf("%s: the cart holds %s items, want none", tc.name, got)
		}
	}

	// A product that is gone (or of another shop) adds nothing either.
	b := m.visitor()
	b.Get("/s/acme")
	for _, form := range []url.Values{
		{"shop": {"acme"}, "product": {strconv.FormatInt(m.lamp.ID, 10)}, "return": {"/s/acme/p/field-jacket"}},
		{"shop": {"nobody"}, "product": {strconv.FormatInt(m.kettle.ID, 10)}, "return": {"/s/acme/p/steel-kettle"}},
	} {
		form.Set("quantity", "1")
		p := b.Post("/cart/add", form)
		if p.Status != http.StatusSeeOther || strings.HasPrefix(p.Location, "/cart") {
			t.Errorf("add %v: %d to %q, want back to the product", form, p.Status, p.Location)
		}
	}
	if got := cartCount(b.Get("/cart")); got != "0" {
		t.Errorf("the cart holds %s items after adding other shops' products", got)
	}
}

func TestProductPageSaysWhatAChoiceGives(t *testing.T) {
	m := jacketMall(t)
	p := m.get("/s/acme/p/field-jacket?option1=L&option2=Moss")
	chip := func(value string) *goquery.Selection {
		return p.Doc.Find(`[data-testid="variant-picker"] input[value="` + value + `"]`).Closest("label")
	}
	if got := strings.TrimSpace(chip("Moss").Find(".chip-mark").Text()); got != "(sold out)" || !chip("Moss").HasClass("chip-sold-out") {
		t.Errorf("L + Moss chip marked %q (classes %q), want a visible (sold out)", got, chip("Moss").AttrOr("class", ""))
	}
	if got := strings.TrimSpace(chip("Slate").Find(".chip-mark").Text()); got != "" {
		t.Errorf("L + Slate chip marked %q, want nothing: it is in stock", got)
	}
	if got := strings.TrimSpace(chip("M").Find(".chip-mark").Text()); got != "" {
		t.Errorf("M chip with Moss marked %q, want nothing", got)
	}
	if got := p.Text(`[data-testid="variant-status"]`); got != "This option is sold out. Please choose another." {
		t.Errorf("status beside the chips %q", got)
	}
	if _, disabled := p.Doc.Find(`[data-testid="add-to-cart-submit"]`).Attr("disabled"); !disabled {
		t.Error("add to cart is offered for a sold-out combination")
	}
	if got := p.Text(`[data-testid="product-sku"]`); got != "FJ-L-MOSS" {
		t.Errorf("SKU %q, want FJ-L-MOSS", got)
	}

	p = m.get("/s/acme/p/field-jacket?option1=S&option2=Slate")
	if got := strings.TrimSpace(chip("M").Find(".chip-mark").Text()); got != "(not available)" || !chip("M").HasClass("chip-missing") {
		t.Errorf("M chip with Slate chosen marked %q, want (not available)", got)
	}
	if _, disabled := p.Doc.Find(`[data-testid="add-to-cart-submit"]`).Attr("disabled"); disabled {
		t.Error("add to cart is off for S + Slate, which is in stock")
	}
	if got := p.Text(`[data-testid="variant-status"]`); got != "" {
		t.Errorf("status %q for a choice in stock", got)
	}

	p = m.get("/s/acme/p/field-jacket?option1=M&option2=Slate")
	if got := p.Text(`[data-testid="variant-status"]`); got != "This combination is not available. Please choose another." {
		t.Errorf("status for M + Slate %q", got)
	}
	if p.Doc.Find(`[data-picker-variant][hidden]`).Length() != 1 {
		t.Error("a price and SKU are shown for a combination that does not exist")
	}
	if v, _ := p.Doc.Find(`input[name="option2"][checked]`).Attr("value"); v != "Slate" {
		t.Errorf("the chips show %q, not the colour picked", v)
	}
	// The script's data: every variant, priced as the page shows them.
	data := p.Doc.Find(`script#product-variants[type="application/json"]`).Text()
	if !strings.Contains(data, `"sku":"FJ-L-SLATE"`) || !strings.Contains(data, `"price":"$130.00"`) {
		t.Errorf("picker data %s", data)
	}
}

func TestPickerButtonShowsTheChoiceWithoutAddingIt(t *testing.T) {
	m := jacketMall(t)
	b := m.visitor()
	p := b.Get("/s/acme/p/field-jacket")
	button := p.Doc.Find(`form[data-testid="add-to-cart"] button[formaction]`)
	action, _ := button.Attr("formaction")
	if action != "/s/acme/p/field-jacket" {
		t.Fatalf("picker button posts to %q", action)
	}
	token := p.Attr(`input[name="_csrf"]`, "value")
	shown := b.Post(action, url.Values{"_csrf": {token}, "option1": {"L"}, "option2": {"Slate"}, "quantity": {"1"}})
	if shown.Status != http.StatusSeeOther || shown.Location != "/s/acme/p/field-jacket?option1=L&option2=Slate" {
		t.Fatalf("picker button: %d to %q", shown.Status, shown.Location)
	}
	page := b.Get(shown.Location)
	if got := page.Text(`.buy-box [data-testid="price"]`); got != "$130.00" {
		t.Errorf("price of L + Slate %q", got)
	}
	if got := page.Text(`[data-testid="stock"]`); got != "Only 2 left" {
		t.Errorf("stock of L + Slate %q", got)
	}
	if got := cartCount(b.Get("/cart")); got != "0" {
		t.Errorf("showing a choice put %s items in the cart", got)
	}
}
