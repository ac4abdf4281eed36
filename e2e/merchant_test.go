package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/browsertest"
)

// signIn signs the shop's owner in on the sign-in page, typing into its
// labelled fields (the pages in English).
func signIn(t *testing.T, b *browsertest.Browser, m *testMall, s shop) {
	t.Helper()
	b.Run(
		chromedp.Navigate(m.URL+"/account/sign-in"),
		typeInto(en("account.field.email"), s.Owner.Email),
		typeInto(en("account.field.password"), password),
		click(`//form[@data-testid="sign-in-form"]`+button(en("account.sign_in.submit"))),
		waitPage("the shop's admin after signing in", `location.pathname === "/admin"`),
	)
}

// variantField is the label of a field in row 1 of the variants table.
func variantField(loc i18n.Locale, fieldKey string) string {
	return i18n.Translate(loc, "admin.variant.row_label", "Row", 1, "Field", i18n.Translate(loc, fieldKey))
}

// TestMerchantCreatesProductWithImage: a merchant signs in, creates a
// product with a variant and an uploaded image in the admin, and finds it
// on the shop's storefront with its price and picture.
func TestMerchantCreatesProductWithImage(t *testing.T) {
	m := startMall(t)
	s := m.openShop(t, "hoodie-house", "Hoodie House")
	picture := pngFile(t, "hoodie.png")
	b := browsertest.New(t)

	signIn(t, b, m, s)
	b.Run(
		click(`//nav`+link(en("admin.nav.products"))),
		waitPage("the product list", `location.pathname === "/admin/products"`),
		click(`//a[@data-testid="new-product"]`),
		waitPage("the new product form", `location.pathname === "/admin/products/new"`),
		typeInto(en("admin.product.field.title"), "Merino Travel Hoodie"),
		typeInto(en("admin.product.field.description"), "Warm and light."),
		chromedp.SetValue(labelled(en("admin.product.field.status")), "active", chromedp.BySearch),
		typeInto(variantField(i18n.English, "admin.variant.sku"), "HOOD-1"),
		typeInto(variantField(i18n.English, "admin.variant.price"), "64.90"),
		typeInto(variantField(i18n.English, "admin.variant.stock"), "25"),
		chromedp.SetUploadFiles(labelled(en("editor.images_field")), []string{picture}, chromedp.BySearch),
		typeInto(en("editor.images_alt"), "Grey hoodie, folded"),
		click(`//form[@data-testid="product-form"]`+button(en("admin.product.save"))),
		waitPage("the saved product", `/^\/admin\/products\/\d+$/.test(location.pathname)`),
		waitText(testid("flash"), en("admin.product.created")),
		chromedp.WaitVisible(testid("product-images")+" img", chromedp.ByQuery),
	)

	// To the storefront, as the admin links it.
	b.Run(
		click(link(en("admin.nav.view_shop"))),
		waitPage("the shop's home", `location.pathname === "/s/hoodie-house"`),
		click(link("Merino Travel Hoodie")),
		waitPage("the product page", `location.pathname === "/s/hoodie-house/p/merino-travel-hoodie"`),
	)
	var title, price string
	var img struct {
		Src          string `json:"src"`
		Alt          string `json:"alt"`
		NaturalWidth int    `json:"naturalWidth"`
		Complete     bool   `json:"complete"`
	}
	b.Run(
		textOf(testid("product-title"), &title),
		textOf(testid("product")+" "+testid("price"), &price),
		waitJS("the product image to load", `(() => { const i = document.querySelector('[data-testid="product-image"]'); return !!i && i.complete })()`),
		chromedp.Evaluate(`(() => { const i = document.querySelector('[data-testid="product-image"]'); return {src: i.getAttribute("src"), alt: i.alt, naturalWidth: i.naturalWidth, complete: i.complete} })()`, &img),
	)
	if title != "Merino Travel Hoodie" {
		t.Errorf("product title = %q", title)
	}
	if want := usd(i18n.English, 6490); price != want {
		t.Errorf("price = %q, want %q", price, want)
	}
	if !strings.HasPrefix(img.Src, "/media/") || img.NaturalWidth == 0 {
		t.Errorf("product image: src %q, naturalWidth %d; want a loaded image under /media/", img.Src, img.NaturalWidth)
	}
	if img.Alt != "Grey hoodie, folded" {
		t.Errorf("product image alt = %q, want the alt text typed in the admin", img.Alt)
	}
	b.Screenshot(t.Name())
}
