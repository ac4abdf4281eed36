package storefront_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/orders"
)

// checkOut places the cart of b (offline) and returns the confirmation
// page's path.
func checkOut(t *testing.T, b *malltest.Browser, email string) string {
	t.Helper()
	p := place(b, b.Get("/checkout"), address(email))
	if p.Status != http.StatusSeeOther || !confirmationPath.MatchString(p.Location) {
		t.Fatalf("checkout: %d to %q (%s)", p.Status, p.Location, p.Text(`[data-testid="checkout-problem"]`))
	}
	return p.Location
}

func TestMyOrdersListsOnlyOwnOrders(t *testing.T) {
	m := newBuyingMall(t)
	ada := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "ada@example.test", "Ada"))
	boAccount := malltest.Account(t, m.app, "bo@example.test", "Bo")
	bo := malltest.SignedIn(t, m.app, boAccount)

	add(t, ada, "/s/acme/p/steel-kettle", 1)
	add(t, ada, "/s/bolt/p/desk-lamp", 1)
	adaConfirmation := checkOut(t, ada, "ada@example.test")
	add(t, bo, "/s/acme/p/steel-kettle", 2)
	checkOut(t, bo, "bo@example.test")

	p := ada.Get("/account/orders")
	if p.Status != http.StatusOK {
		t.Fatalf("GET /account/orders = %d", p.Status)
	}
	if got := strings.Join(orderNumbers(p), ","); got != "BOLT-1001,ACME-1001" && got != "ACME-1001,BOLT-1001" {
		t.Errorf("Ada's orders %q, want ACME-1001 and BOLT-1001", got)
	}
	if !strings.Contains(p.Text(`[data-testid="order-row"]`), i18n.Translate(i18n.English, "orders.status.pending_payment")) {
		t.Errorf("order rows %q do not show the status", p.Text(`[data-testid="order-row"]`))
	}
	p = bo.Get("/account/orders")
	if got := strings.Join(orderNumbers(p), ","); got != "ACME-1002" {
		t.Errorf("Bo's orders %q, want only ACME-1002", got)
	}
	boOrder := p.Attr(`[data-testid="order-row"] a[data-testid="order-number"]`, "href")

	// Bo's order page: his, not Ada's.
	p = bo.Get(boOrder)
	if p.Status != http.StatusOK || p.Text(`h1`) == "" || !strings.Contains(p.Text(`h1`), "ACME-1002") {
		t.Fatalf("Bo's order page: %d %q", p.Status, p.Text(`h1`))
	}
	if got := p.Text(`[data-testid="order-line"]`); !strings.Contains(got, "Steel Kettle") {
		t.Errorf("order lines %q", got)
	}
	if got := p.Text(`[data-testid="order-history"]`); !strings.Contains(got, i18n.Translate(i18n.English, "orders.status.pending_payment")) {
		t.Errorf("history %q does not show the order placed", got)
	}

	// The shop confirms the payment and ships: Bo sees it.
	list, _, err := m.app.Orders.OrdersOfAccount(t.Context(), boAccount.ID, 1, 10)
	if err != nil || len(list) != 1 {
		t.Fatalf("Bo's orders: %v %v", list, err)
	}
	staff := orders.Actor{Kind: orders.ActorStaff}
	if err := m.app.Orders.ConfirmOfflinePayment(t.Context(), m.acme.ID, list[0].ID, staff); err != nil {
		t.Fatal(err)
	}
	if err := m.app.Orders.MarkShipped(t.Context(), m.acme.ID, list[0].ID, "DHL", "JD014600", staff); err != nil {
		t.Fatal(err)
	}
	p = bo.Get(boOrder)
	if got := p.Text(`[data-testid="order-status"]`); got != i18n.Translate(i18n.English, "orders.status.shipped") {
		t.Errorf("status %q after shipping", got)
	}
	if got := p.Text(`[data-testid="order-tracking"]`); !strings.Contains(got, "DHL") || !strings.Contains(got, "JD014600") {
		t.Errorf("tracking %q", got)
	}
	if got := p.Text(`[data-testid="order-history"]`); !strings.Contains(got, i18n.Translate(i18n.English, "orders.status.paid")) {
		t.Errorf("history %q does not show the payment", got)
	}
	if p := ada.Get(boOrder); p.Status != http.StatusNotFound {
		t.Errorf("Ada opening Bo's order: %d, want 404", p.Status)
	}
	if p := bo.Get(adaConfirmation); p.Status != http.StatusNotFound {
		t.Errorf("Bo opening Ada's confirmation: %d, want 404", p.Status)
	}
	if p := ada.Get(adaConfirmation); p.Status != http.StatusOK {
		t.Errorf("Ada's own confirmation: %d", p.Status)
	}
	if p := m.visitor().Get("/account/orders"); p.Status != http.StatusSeeOther {
		t.Errorf("anonymous my orders: %d, want a redirect to sign in", p.Status)
	}
}

func TestMyOrdersPages(t *testing.T) {
	m := newBuyingMall(t)
	ada := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "ada@example.test", "Ada"))
	for range 21 {
		add(t, ada, "/s/acme/p/steel-kettle", 1)
		confirmation := checkOut(t, ada, "ada@example.test")
		// The shop is paid for each, as unpaid offline orders are limited.
		co, err := m.app.Orders.CheckoutByPublicID(t.Context(), strings.TrimPrefix(confirmation, "/checkout/"))
		if err != nil {
			t.Fatal(err)
		}
		if err := m.app.Orders.ConfirmOfflinePayment(t.Context(), m.acme.ID, co.Orders[0].ID, orders.Actor{Kind: orders.ActorStaff}); err != nil {
			t.Fatal(err)
		}
		if err := m.app.Catalog.SetStock(t.Context(), m.acme.ID, m.kettle.Variants[0].ID, 10); err != nil {
			t.Fatal(err)
		}
	}
	p := ada.Get("/account/orders")
	if n := len(orderNumbers(p)); n != 20 {
		t.Errorf("first page lists %d orders, want 20", n)
	}
	next := p.Attr(`a[rel="next"]`, "href")
	if next == "" {
		t.Fatal("no next page")
	}
	if n := len(orderNumbers(ada.Get(next))); n != 1 {
		t.Errorf("second page lists %d orders, want 1", n)
	}
}

func TestGuestConfirmationSurvivesSignIn(t *testing.T) {
	m := newBuyingMall(t)
	malltest.Account(t, m.app, "ada@example.test", "Ada")
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 1)
	confirmation := checkOut(t, b, "ada@example.test")
	// Signing in drops the guest cart cookie; the browser that placed the
	// checkout still sees it.
	b.SignIn("ada@example.test", malltest.Password)
	if b.Cookies["mall_cart"] != "" {
		t.Fatal("cart cookie kept")
	}
	if p := b.Get(confirmation); p.Status != http.StatusOK {
		t.Errorf("confirmation after signing in: %d", p.Status)
	}
}

func TestCancelledPaymentPutsTheLinesBack(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	add(t, b, "/s/bolt/p/desk-lamp", 2)
	confirmation := checkOut(t, b, "ada@example.test")
	if p := m.visitor().Get(confirmation + "/cancel"); p.Status != http.StatusNotFound {
		t.Errorf("another visitor cancelling: %d, want 404", p.Status)
	}
	p := b.Get(confirmation + "/cancel")
	if p.Status != http.StatusSeeOther || p.Location != "/cart" {
		t.Fatalf("cancel: %d to %q", p.Status, p.Location)
	}
	p = b.Get("/cart")
	if got := cartLines(t, p); got["Desk Lamp"] != 2 {
		t.Errorf("cart after cancelling %v, want the 2 lamps back", got)
	}
	if p.Doc.Find(`[data-testid="flash"]`).Length() != 1 {
		t.Error("no message after cancelling")
	}
	lamp, err := m.app.Catalog.ProductInMerchant(t.Context(), m.bolt.ID, m.lamp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := lamp.Variants[0].Stock; got != 5 {
		t.Errorf("lamp stock %d after cancelling, want 5 again", got)
	}
	// The confirmation now says the checkout ended; cancelling again
	// changes nothing.
	if p := b.Get(confirmation + "/cancel"); p.Status != http.StatusSeeOther || p.Location != confirmation {
		t.Errorf("second cancel: %d to %q", p.Status, p.Location)
	}
	if got := cartLines(t, b.Get("/cart"))["Desk Lamp"]; got != 2 {
		t.Errorf("second cancel left %d lamps in the cart", got)
	}
}
