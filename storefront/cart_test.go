package storefront_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

func TestCartFromTwoShops(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()

	p := add(t, b, "/s/acme/p/steel-kettle", 2)
	if p.Status != http.StatusSeeOther || p.Location != "/cart" {
		t.Fatalf("add to cart: %d to %q, want 303 to /cart", p.Status, p.Location)
	}
	cookie := strings.Join(p.Header.Values("Set-Cookie"), "\n")
	for _, want := range []string{"mall_cart=", "HttpOnly", "SameSite=Lax", "expires="} {
		if !strings.Contains(cookie, want) {
			t.Errorf("cart cookie lacks %q: %s", want, cookie)
		}
	}
	add(t, b, "/s/bolt/p/desk-lamp", 1)

	p = b.Get("/cart")
	if p.Status != http.StatusOK {
		t.Fatalf("GET /cart = %d", p.Status)
	}
	if got := cartLines(t, p); len(got) != 2 || got["Steel Kettle"] != 2 || got["Desk Lamp"] != 1 {
		t.Errorf("cart lines %v", got)
	}
	shops := p.Doc.Find(`[data-testid="cart-group-shop"]`).Map(func(_ int, s *goquery.Selection) string {
		return strings.TrimSpace(s.Text())
	})
	if strings.Join(shops, ",") != "Acme Kitchen,Bolt Lighting" {
		t.Errorf("cart groups %q, want one per shop", shops)
	}
	if got := p.Text(`[data-testid="cart-total"]`); got != "$90.00" {
		t.Errorf("total %q, want $90.00", got)
	}
	if got := cartCount(p); got != "3" {
		t.Errorf("header count %q, want 3", got)
	}
	if p.Doc.Find(`[data-testid="flash"]`).Length() != 1 {
		t.Error("no message after adding")
	}

	// Change the kettle's quantity, then take the lamp out.
	p = b.Post("/cart/lines/"+lineID(t, p, "Steel Kettle"), url.Values{"quantity": {"3"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("update quantity: %d", p.Status)
	}
	p = b.Get("/cart")
	if got := cartLines(t, p)["Steel Kettle"]; got != 3 {
		t.Errorf("kettle quantity %d after update, want 3", got)
	}
	p = b.Post("/cart/lines/"+lineID(t, p, "Desk Lamp")+"/remove", nil)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d", p.Status)
	}
	p = b.Get("/cart")
	if got := cartLines(t, p); len(got) != 1 || got["Steel Kettle"] != 3 {
		t.Errorf("cart after removing the lamp %v", got)
	}
	if got := p.Text(`[data-testid="cart-total"]`); got != "$75.00" {
		t.Errorf("total %q after changes, want $75.00", got)
	}
	if got := cartCount(p); got != "3" {
		t.Errorf("header count %q, want 3", got)
	}

	// A quantity of 0 empties the cart.
	b.Post("/cart/lines/"+lineID(t, p, "Steel Kettle"), url.Values{"quantity": {"0"}})
	p = b.Get("/cart")
	if p.Doc.Find(`[data-testid="cart-empty"]`).Length() != 1 || p.Attr(`[data-testid="cart-empty"] a`, "href") != "/" {
		t.Error("empty cart does not say so or lead back to the mall")
	}
}

func TestCartRefusesWhatCannotBeBought(t *testing.T) {
	m := newBuyingMall(t)
	m.product(m.acme.ID, simple("Sold Out Pot", "sold-out-pot", "POT-0", 900, 0))
	b := m.visitor()

	p := b.Get("/s/acme/p/sold-out-pot")
	if p.Doc.Find(`form[data-testid="add-to-cart"]`).Length() != 0 {
		t.Error("sold-out product offers add to cart")
	}
	if p.Text(`[data-testid="cannot-buy"]`) == "" {
		t.Error("sold-out product does not say why it cannot be bought")
	}

	// More than the stock: back to the product page with a message.
	p = add(t, b, "/s/bolt/p/desk-lamp", 6)
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/s/bolt/p/desk-lamp") {
		t.Fatalf("adding more than the stock: %d to %q", p.Status, p.Location)
	}
	p = b.Get(p.Location)
	if msg := p.Text(`[data-testid="flash"]`); !strings.Contains(msg, "not enough stock") {
		t.Errorf("message %q", msg)
	}
	if got := cartCount(b.Get("/cart")); got != "0" {
		t.Errorf("cart count %q after a refused add", got)
	}

	// A shop suspended after the lamp went in the cart: the cart says so.
	add(t, b, "/s/bolt/p/desk-lamp", 1)
	if err := m.db.Model(&merchants.Merchant{}).Where("id = ?", m.bolt.ID).Update("status", merchants.MerchantSuspended).Error; err != nil {
		t.Fatal(err)
	}
	p = b.Get("/cart")
	if p.Doc.Find(`[data-testid="cart-shop-closed"]`).Length() != 1 || p.Doc.Find(`[data-testid="cart-blocked"]`).Length() != 1 {
		t.Error("cart does not say the lamp's shop is closed")
	}
}

func TestCartLinesOfAnotherVisitorAreNotFound(t *testing.T) {
	m := newBuyingMall(t)
	owner := m.visitor()
	add(t, owner, "/s/acme/p/steel-kettle", 1)
	id := lineID(t, owner.Get("/cart"), "Steel Kettle")

	other := m.visitor()
	add(t, other, "/s/bolt/p/desk-lamp", 1)
	if p := other.Post("/cart/lines/"+id, url.Values{"quantity": {"5"}}); p.Status != http.StatusNotFound {
		t.Errorf("changing another visitor's line: %d, want 404", p.Status)
	}
	if p := other.Post("/cart/lines/"+id+"/remove", nil); p.Status != http.StatusNotFound {
		t.Errorf("removing another visitor's line: %d, want 404", p.Status)
	}
	if got := cartLines(t, owner.Get("/cart"))["Steel Kettle"]; got != 1 {
		t.Errorf("owner's line now has %d", got)
	}
}

func TestGuestCartSurvivesAndMergesOnSignIn(t *testing.T) {
	m := newBuyingMall(t)
	acct := malltest.Account(t, m.app, "ada@example.test", "Ada")
	// Ada already has one kettle in her account's cart.
	signedIn := malltest.SignedIn(t, m.app, acct)
	add(t, signedIn, "/s/acme/p/steel-kettle", 1)

	guest := m.visitor()
	add(t, guest, "/s/acme/p/steel-kettle", 2)
	add(t, guest, "/s/bolt/p/desk-lamp", 1)
	token := guest.Cookies["mall_cart"]
	if token == "" {
		t.Fatal("guest has no cart cookie")
	}

	// The mall restarts: the cart is in the database, not in memory.
	restarted := malltest.NewAppOn(t, m.db)
	back := malltest.NewBrowser(t, restarted)
	back.Cookies["mall_cart"] = token
	if got := cartLines(t, back.Get("/cart")); got["Steel Kettle"] != 2 || got["Desk Lamp"] != 1 {
		t.Fatalf("guest cart after a restart %v", got)
	}

	p := back.SignIn("ada@example.test", malltest.Password)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", p.Status)
	}
	if back.Cookies["mall_cart"] != "" {
		t.Error("guest cart cookie kept after sign-in")
	}
	p = back.Get("/cart")
	if got := cartLines(t, p); len(got) != 2 || got["Steel Kettle"] != 3 || got["Desk Lamp"] != 1 {
		t.Errorf("account cart after merging %v, want 3 kettles and 1 lamp", got)
	}
	if got := cartCount(p); got != "4" {
		t.Errorf("header count %q, want 4", got)
	}
	cart, err := restarted.Orders.Cart(t.Context(), orders.CartOwner{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	if cart.Count != 0 {
		t.Errorf("the guest cart still holds %d items", cart.Count)
	}
}

func TestGuestCartMergesOnSignUp(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	add(t, b, "/s/bolt/p/desk-lamp", 2)
	signUp(t, b, "new@example.test")
	if got := cartLines(t, b.Get("/cart")); got["Desk Lamp"] != 2 {
		t.Errorf("cart after sign-up %v", got)
	}
}

func TestCachedPageNeverShowsAnotherVisitorsCartCount(t *testing.T) {
	m := newBuyingMall(t)
	const page = "/s/acme/p/steel-kettle"
	m.get(page) // fills the cache

	full := m.visitor()
	add(t, full, page, 2)
	add(t, full, "/s/bolt/p/desk-lamp", 1)
	acct := malltest.Account(t, m.app, "bo@example.test", "Bo")
	signed := malltest.SignedIn(t, m.app, acct)
	add(t, signed, "/s/bolt/p/desk-lamp", 1)

	for _, tc := range []struct {
		name string
		b    *malltest.Browser
		want string
	}{
		{"guest with 3 items", full, "3"},
		{"new visitor", m.visitor(), "0"},
		{"signed-in shopper with 1 item", signed, "1"},
		{"guest with 3 items again", full, "3"},
		{"another new visitor", m.visitor(), "0"},
	} {
		p := tc.b.Get(page)
		if strings.Contains(p.Body, "<!--mall:") || strings.Contains(p.Body, "__mall_csrf") {
			t.Fatalf("%s: placeholder left in the page", tc.name)
		}
		if got := cartCount(p); got != tc.want {
			t.Errorf("%s: cart count %q, want %q", tc.name, got, tc.want)
		}
		if got := p.Text(`[data-testid="product-title"]`); got != "Steel Kettle" {
			t.Errorf("%s: page shows %q", tc.name, got)
		}
	}
	// The mall's home is cached too.
	if got := cartCount(full.Get("/")); got != "3" {
		t.Errorf("home page count %q for the guest with 3 items", got)
	}
	if got := cartCount(m.get("/")); got != "0" {
		t.Errorf("home page count %q for a new visitor", got)
	}
}

func TestAddToCartPostsTheChosenVariant(t *testing.T) {
	m := newBuyingMall(t)
	in := simple("Linen Apron", "linen-apron", "AP-S", 1800, 4)
	in.OptionNames = [3]string{"Size"}
	in.Variants = []catalog.VariantInput{
		{SKU: "AP-S", Options: [3]string{"S"}, Price: 1800, Currency: "USD", Stock: 4},
		{SKU: "AP-L", Options: [3]string{"L"}, Price: 2100, Currency: "USD", Stock: 4},
	}
	m.product(m.acme.ID, in)
	b := m.visitor()
	add(t, b, "/s/acme/p/linen-apron?option1=L", 1)
	p := b.Get("/cart")
	if got := p.Text(`[data-testid="cart-line-variant"]`); got != "L" {
		t.Errorf("variant in cart %q, want L", got)
	}
	if got := p.Text(`[data-testid="cart-line-price"]`); got != "$21.00" {
		t.Errorf("price in cart %q, want $21.00", got)
	}
}

func TestCartSaysWhenAPriceChanged(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 2)
	if p := b.Get("/cart"); p.Doc.Find(`[data-testid="cart-price-changed"]`).Length() != 0 {
		t.Fatal("price-change notice before any change")
	}
	in := simple("Steel Kettle", "steel-kettle", "KET-1", 2200, 10)
	in.Variants[0].ID = m.kettle.Variants[0].ID
	if _, err := m.app.Catalog.UpdateProduct(t.Context(), m.acme.ID, m.kettle.ID, in); err != nil {
		t.Fatal(err)
	}
	p := b.Get("/cart")
	if p.Doc.Find(`[data-testid="cart-price-changed"]`).Length() != 1 {
		t.Error("no notice that a price changed")
	}
	if got := p.Text(`[data-testid="cart-line-price"]`); got != "$22.00" {
		t.Errorf("line price %q, want today's $22.00", got)
	}
	if got := p.Text(`[data-testid="cart-line-price-changed"]`); !strings.Contains(got, "$25.00") {
		t.Errorf("line does not say it was $25.00: %q", got)
	}
	if got := p.Text(`[data-testid="cart-total"]`); got != "$44.00" {
		t.Errorf("total %q, want $44.00", got)
	}
}
