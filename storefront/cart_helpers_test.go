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
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

// buyingMall is a mall with two open shops that ship, each with a product.
type buyingMall struct {
	*shopMall
	acme, bolt *merchants.Merchant
	// kettle (Acme, $25.00, 10 in stock) and lamp (Bolt, $40.00, 5).
	kettle, lamp *catalog.Product
}

func newBuyingMall(t *testing.T) *buyingMall {
	t.Helper()
	s := newShopMall(t)
	m := &buyingMall{shopMall: s}
	m.acme = s.merchant(merchants.Merchant{Slug: "acme", Name: "Acme Kitchen"})
	m.bolt = s.merchant(merchants.Merchant{Slug: "bolt", Name: "Bolt Lighting"})
	m.kettle = s.product(m.acme.ID, simple("Steel Kettle", "steel-kettle", "KET-1", 2500, 10))
	m.lamp = s.product(m.bolt.ID, simple("Desk Lamp", "desk-lamp", "LAMP-1", 4000, 5))
	m.shipping(m.acme.ID, "Standard", 500, 10000)
	m.shipping(m.bolt.ID, "Courier", 800, 0)
	return m
}

// shipping gives a shop an active shipping method.
func (m *buyingMall) shipping(merchantID int64, name string, price, freeOver int64) *orders.ShippingMethod {
	m.t.Helper()
	sm, err := m.app.Orders.CreateShippingMethod(m.t.Context(), merchantID, orders.ShippingMethodInput{Name: name, Price: price, FreeOver: freeOver, Active: true})
	if err != nil {
		m.t.Fatalf("shipping method %s: %v", name, err)
	}
	return sm
}

// add opens a product page and submits its add-to-cart form with qty.
func add(t testing.TB, b *malltest.Browser, productPath string, qty int) *malltest.Page {
	t.Helper()
	p := b.Get(productPath)
	if p.Status != http.StatusOK {
		t.Fatalf("GET %s = %d", productPath, p.Status)
	}
	form := p.Doc.Find(`form[data-testid="add-to-cart"]`)
	if form.Length() != 1 {
		t.Fatalf("%s has no add-to-cart form", productPath)
	}
	values := url.Values{"quantity": {strconv.Itoa(qty)}}
	// As a browser submits it: the hidden fields and the chips checked.
	form.Find(`input[type="hidden"], input[type="radio"][checked]`).Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		values.Set(name, value)
	})
	action, _ := form.Attr("action")
	return b.Post(action, values)
}

// cartLines reads the cart page: each line's title and quantity.
func cartLines(t testing.TB, p *malltest.Page) map[string]int {
	t.Helper()
	out := map[string]int{}
	p.Doc.Find(`[data-testid="cart-line"]`).Each(func(_ int, row *goquery.Selection) {
		title := strings.TrimSpace(row.Find(`[data-testid="cart-line-title"]`).Text())
		qty, _ := row.Find(`input[name="quantity"]`).Attr("value")
		n, err := strconv.Atoi(qty)
		if err != nil {
			t.Fatalf("line %q quantity %q", title, qty)
		}
		out[title] = n
	})
	return out
}

// cartCount is the number the header's cart link shows.
func cartCount(p *malltest.Page) string {
	return strings.TrimSpace(p.Doc.Find(`[data-testid="cart-count"]`).Text())
}

// lineID is the id of the cart line titled title, from its form's action.
func lineID(t testing.TB, p *malltest.Page, title string) string {
	t.Helper()
	var id string
	p.Doc.Find(`[data-testid="cart-line"]`).Each(func(_ int, row *goquery.Selection) {
		if strings.TrimSpace(row.Find(`[data-testid="cart-line-title"]`).Text()) == title {
			action, _ := row.Find(`form[data-testid="cart-line-quantity-form"]`).Attr("action")
			id = strings.TrimPrefix(action, "/cart/lines/")
		}
	})
	if id == "" {
		t.Fatalf("no cart line %q", title)
	}
	return id
}
