package e2e_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/browsertest"
	"github.com/mall-project/mall/orders"
)

// phoneWidth is the CSS width of a common phone's screen.
const phoneWidth = 390

// phoneMall is a mall with a shop that has sold to a shopper: one order in
// "My orders" and in the shop's admin, and a cart with two lines.
type phoneMall struct {
	*testMall
	shop    shop
	shopper *accounts.Account
	orderID int64
}

func seedPhoneMall(t *testing.T) *phoneMall {
	t.Helper()
	m := startMall(t)
	s := m.openShop(t, "north", "North Outfitters")
	jacket := m.addProduct(t, s, catalog.ProductInput{
		Title:       "Waterproof Three-Layer Mountain Field Jacket",
		OptionNames: [3]string{"Size", "Colour"},
		Variants: []catalog.VariantInput{
			{SKU: "FJ-S-MOSS-LONG-SKU", Options: [3]string{"Small", "Moss green"}, Price: 1299900, Currency: "USD", Stock: 50},
			{SKU: "FJ-L-SLATE-LONG-SKU", Options: [3]string{"Large", "Slate grey"}, Price: 1349900, Currency: "USD", Stock: 50},
		},
	})
	socks := m.addProduct(t, s, catalog.ProductInput{
		Title:    "Merino Hiking Socks, Cushioned, Three Pairs",
		Variants: []catalog.VariantInput{{SKU: "SOCKS-3", Price: 4500, Currency: "USD", Stock: 90}},
	})
	if _, err := m.app.Orders.CreateShippingMethod(t.Context(), s.Merchant.ID, orders.ShippingMethodInput{Name: "Standard", Price: 500, Active: true}); err != nil {
		t.Fatal(err)
	}
	shopper, err := m.app.Accounts.SignUp(t.Context(), accounts.SignUpInput{Email: "ada@example.test", Name: "Ada Lovelace", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	owner := orders.CartOwner{AccountID: shopper.ID}
	for _, v := range []int64{jacket.Variants[1].ID, socks.Variants[0].ID} {
		if err := m.app.Orders.AddToCart(t.Context(), owner, v, 2); err != nil {
			t.Fatal(err)
		}
	}
	q, err := m.app.Orders.Quote(t.Context(), orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	co, err := m.app.Orders.PlaceCheckout(t.Context(), orders.PlaceRequest{
		Owner: owner, Email: shopper.Email, Provider: orders.ProviderOffline, ExpectedTotal: q.Total,
		Address: orders.Address{Name: "Ada Lovelace", Line1: "12 St James's Square", City: "London", PostalCode: "SW1Y 4JH", Country: "GB"},
	})
	if err != nil {
		t.Fatalf("place the order: %v", err)
	}
	for _, v := range []int64{jacket.Variants[0].ID, socks.Variants[0].ID} {
		if err := m.app.Orders.AddToCart(t.Context(), owner, v, 1); err != nil {
			t.Fatal(err)
		}
	}
	return &phoneMall{testMall: m, shop: s, shopper: shopper, orderID: co.Orders[0].ID}
}

// onPhone sets the tab to a phone's screen width (not a mobile emulation:
// a page wider than the screen then scrolls sideways, which is what the
// check below catches).
func onPhone(b *browsertest.Browser) {
	b.Run(chromedp.EmulateViewport(phoneWidth, 844))
}

// fitsTheScreen checks the page at url scrolls only up and down, that no
// element reaches past the right of the screen (not even inside a box that
// scrolls sideways), and that every element mustSee names is on it.
func fitsTheScreen(t *testing.T, b *browsertest.Browser, url string, mustSee ...string) {
	t.Helper()
	var fit struct {
		ScrollWidth int      `json:"scrollWidth"`
		InnerWidth  int      `json:"innerWidth"`
		Wide        []string `json:"wide"`
		Off         []string `json:"off"`
	}
	sels := make([]string, len(mustSee))
	for i, s := range mustSee {
		sels[i] = jsString(s)
	}
	b.Run(
		chromedp.Navigate(url),
		waitPage("the page", `true`),
		chromedp.Evaluate(fmt.Sprintf(`(() => {
			const w = innerWidth, name = e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).trim().split(/\s+/).join(".") : "") + (e.dataset.testid ? "[" + e.dataset.testid + "]" : "");
			const wide = [...document.body.querySelectorAll("*")].filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.right > w + 1; }).slice(0, 8).map(name);
			const off = [];
			for (const sel of [%s]) {
				const all = [...document.querySelectorAll(sel)];
				if (all.length === 0) off.push(sel + " (missing)");
				for (const e of all) { const r = e.getBoundingClientRect(); if (r.width === 0 || r.left < 0 || r.right > w + 1) off.push(sel); }
			}
			return {scrollWidth: document.documentElement.scrollWidth, innerWidth: w, wide, off};
		})()`, strings.Join(sels, ",")), &fit),
	)
	if os.Getenv("MALL_SCREENSHOTS") != "" {
		_, path, _ := strings.Cut(strings.TrimPrefix(url, "http://"), "/")
		b.Screenshot(t.Name() + "-" + strings.NewReplacer("/", "_", "?", "_").Replace(path))
	}
	if fit.InnerWidth != phoneWidth {
		t.Fatalf("%s: the window is %d px wide, want %d", url, fit.InnerWidth, phoneWidth)
	}
	if fit.ScrollWidth > fit.InnerWidth {
		t.Errorf("%s is %d px wide on a %d px screen; too wide: %v", url, fit.ScrollWidth, fit.InnerWidth, fit.Wide)
	} else if len(fit.Wide) > 0 {
		// Cut off inside a box that scrolls sideways, which on a phone
		// hides totals and buttons as well.
		t.Errorf("%s: reaching past the right of the screen: %v", url, fit.Wide)
	}
	if len(fit.Off) > 0 {
		t.Errorf("%s: off the screen: %v", url, fit.Off)
	}
}

// TestShopperPagesFitAPhone: at 390 px the cart, "My orders" and the
// other shopper pages need no sideways scrolling, and their buttons and
// totals are on the screen.
func TestShopperPagesFitAPhone(t *testing.T) {
	m := seedPhoneMall(t)
	b := browsertest.New(t)
	b.Run(
		chromedp.Navigate(m.URL+"/account/sign-in"),
		typeInto(en("account.field.email"), m.shopper.Email),
		typeInto(en("account.field.password"), password),
		click(`//form[@data-testid="sign-in-form"]`+button(en("account.sign_in.submit"))),
		waitPage("signed in", `location.pathname !== "/account/sign-in"`),
	)
	onPhone(b)
	fitsTheScreen(t, b, m.URL+"/cart", `[data-testid="cart-total"]`, `[data-testid="checkout-link"]`,
		`[data-testid="cart-line"] input[name="quantity"]`, `[data-testid="cart-line"] form[action$="/remove"] button`)
	fitsTheScreen(t, b, m.URL+"/account/orders", `[data-testid="order-row"] a`)
	fitsTheScreen(t, b, m.URL+"/account/orders/"+strconv.FormatInt(m.orderID, 10))
	fitsTheScreen(t, b, m.URL+"/", `header form[role="search"] button`)
	fitsTheScreen(t, b, m.URL+"/search?q=jacket", `[data-testid="product-card"]`)
	fitsTheScreen(t, b, m.URL+"/s/north/p/waterproof-three-layer-mountain-field-jacket", `[data-testid="add-to-cart-submit"]`)
	fitsTheScreen(t, b, m.URL+"/checkout", `form[data-testid="checkout-form"] button[type="submit"]`)
}

// TestAdminPagesFitAPhone: a merchant can run the shop from a phone: the
// admin's tables need no sideways scrolling of the page.
func TestAdminPagesFitAPhone(t *testing.T) {
	m := seedPhoneMall(t)
	b := browsertest.New(t)
	signIn(t, b, m.testMall, m.shop)
	onPhone(b)
	fitsTheScreen(t, b, m.URL+"/admin")
	fitsTheScreen(t, b, m.URL+"/admin/products", `a[href="/admin/products/new"]`)
	fitsTheScreen(t, b, m.URL+"/admin/orders", `[data-testid="order-row"] a`)
	fitsTheScreen(t, b, m.URL+"/admin/orders/"+strconv.FormatInt(m.orderID, 10))
	fitsTheScreen(t, b, m.URL+"/admin/stock")
}
