package admin_test

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/server"
)

// ordShop is an open shop selling a tee in S (12.50, SKU TS-S) and M
// (13.00, SKU TS-M), shipped for 4.50 (free from 100.00).
type ordShop struct {
	m     *merchants.Merchant
	owner *accounts.Account
	b     *malltest.Browser
	prod  *catalog.Product
	s, mv int64
}

func newOrdShop(t *testing.T, app *server.App, slug string, stock int) *ordShop {
	t.Helper()
	m, owner, b := malltest.Shop(t, app, slug, true)
	form := maProductForm("Tee")
	form.Set("variants.0.stock", fmt.Sprint(stock))
	form.Set("variants.1.sku", "TS-M")
	form.Set("variants.1.option1", "M")
	form.Set("variants.1.price", "13")
	form.Set("variants.1.stock", fmt.Sprint(stock))
	if p := b.PostMultipart("/admin/products", form); p.Status != 303 {
		t.Fatalf("product: %d\n%s", p.Status, p.Body)
	}
	prod, err := app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Orders.CreateShippingMethod(t.Context(), m.ID, orders.ShippingMethodInput{Name: "Standard post", Price: 450, FreeOver: 10000, Active: true}); err != nil {
		t.Fatal(err)
	}
	return &ordShop{m: m, owner: owner, b: b, prod: prod, s: prod.Variants[0].ID, mv: prod.Variants[1].ID}
}

// place has a guest buy qty of each variant with the offline provider and
// returns the order of shop s.
func (s *ordShop) place(t *testing.T, app *server.App, name, email string, qty map[int64]int) *orders.Order {
	t.Helper()
	co := placeOffline(t, app, name, email, qty)
	for _, o := range co.Orders {
		if o.MerchantID == s.m.ID {
			return s.order(t, app, o.ID)
		}
	}
	t.Fatal("no order for the shop")
	return nil
}

// placeOffline has a guest buy qty of each variant and check out with the
// offline provider, the first shipping method of each shop.
func placeOffline(t *testing.T, app *server.App, name, email string, qty map[int64]int) *orders.Checkout {
	t.Helper()
	return placeWith(t, app, orders.ProviderOffline, name, email, qty)
}

// placeWith is placeOffline with the given payment provider.
func placeWith(t *testing.T, app *server.App, provider orders.Provider, name, email string, qty map[int64]int) *orders.Checkout {
	t.Helper()
	ctx := t.Context()
	owner := orders.CartOwner{Token: orders.NewCartToken()}
	for v, n := range qty {
		if err := app.Orders.AddToCart(ctx, owner, v, n); err != nil {
			t.Fatalf("add to cart: %v", err)
		}
	}
	q, err := app.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	co, err := app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: email, Provider: provider, ExpectedTotal: q.Total,
		Address: orders.Address{Name: name, Line1: "1 Harbour Road", City: "Central", Region: "Hong Kong Island", Country: "HK", Phone: "+852 2123 4567"},
	})
	if err != nil {
		t.Fatalf("place: %v", err)
	}
	return co
}

func (s *ordShop) order(t *testing.T, app *server.App, id int64) *orders.Order {
	t.Helper()
	o, err := app.Orders.OrderInMerchant(t.Context(), s.m.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (s *ordShop) stock(t *testing.T, app *server.App) (int, int) {
	t.Helper()
	p, err := app.Catalog.ProductInMerchant(t.Context(), s.m.ID, s.prod.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p.Variants[0].Stock, p.Variants[1].Stock
}

// staffBrowser adds a staff member with role to the shop and signs them in.
func (s *ordShop) staffBrowser(t *testing.T, app *server.App, role merchants.StaffRoleName) *malltest.Browser {
	t.Helper()
	ctx := t.Context()
	acct := malltest.Account(t, app, string(role)+"@"+s.m.Slug+".test", "Sam "+string(role))
	token, err := app.Merchants.Invite(ctx, s.m.ID, s.owner.ID, acct.Email, role)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Merchants.AcceptInvitation(ctx, token, acct.ID); err != nil {
		t.Fatal(err)
	}
	return malltest.SignedIn(t, app, acct)
}

func orderPath(o *orders.Order, action string) string {
	p := "/admin/orders/" + itoa(o.ID)
	if action != "" {
		p += "/" + action
	}
	return p
}

func rowNumbers(p *malltest.Page) []string {
	var out []string
	p.Doc.Find(`[data-testid="order-row"] [data-testid="order-number"]`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Text()))
	})
	return out
}

func TestOrderListFiltersSearchesAndPages(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 100)
	other := newOrdShop(t, app, "bravo", 100)
	first := shop.place(t, app, "Ada Lovelace", "ada@example.test", map[int64]int{shop.s: 2, shop.mv: 1})
	second := shop.place(t, app, "Grace Hopper", "grace@example.test", map[int64]int{shop.s: 1})
	foreign := other.place(t, app, "Ada Lovelace", "ada@example.test", map[int64]int{other.s: 1})
	if err := app.Orders.ConfirmOfflinePayment(t.Context(), shop.m.ID, second.ID, orders.Actor{Kind: orders.ActorStaff, AccountID: shop.owner.ID}); err != nil {
		t.Fatal(err)
	}
	if first.Number != "ACME-1001" || second.Number != "ACME-1002" {
		t.Fatalf("numbers %s %s", first.Number, second.Number)
	}

	p := shop.b.Get("/admin/orders")
	if p.Status != 200 {
		t.Fatalf("list: %d", p.Status)
	}
	if got := rowNumbers(p); strings.Join(got, ",") != "ACME-1002,ACME-1001" {
		t.Fatalf("rows %v (B's %s must not show)", got, foreign.Number)
	}
	row := p.Doc.Find(`[data-testid="order-row"]`).Eq(1)
	cells := row.Find("td")
	if !strings.Contains(cells.Eq(2).Text(), "Ada Lovelace") || !strings.Contains(cells.Eq(2).Text(), "ada@example.test") {
		t.Errorf("customer cell %q", cells.Eq(2).Text())
	}
	if got := strings.TrimSpace(cells.Eq(3).Text()); got != "3" {
		t.Errorf("items %q", got)
	}
	if got := strings.TrimSpace(cells.Eq(4).Text()); got != "$42.50" {
		t.Errorf("total %q", got)
	}
	if got := row.Find(`[data-testid="order-status"]`).Text(); got != "Awaiting payment" {
		t.Errorf("status %q", got)
	}
	if p.Doc.Find(`.admin-sidebar nav a[href="/admin/orders"][aria-current="page"]`).Length() != 1 {
		t.Error("orders not marked in the nav")
	}
	if got := strings.Join(strings.Fields(p.Text(`.admin-sidebar [data-testid="nav-count"]`)), " "); got != "1 1 order to ship" {
		t.Errorf("nav count %q", got)
	}
	dash := shop.b.Get("/admin")
	if dash.Text(`[data-testid="count-to-ship"]`) != "1" || dash.Text(`[data-testid="count-awaiting-payment"]`) != "1" {
		t.Errorf("dashboard: to ship %q, awaiting payment %q", dash.Text(`[data-testid="count-to-ship"]`), dash.Text(`[data-testid="count-awaiting-payment"]`))
	}

	for _, tc := range []struct{ query, want string }{
		{"status=paid", "ACME-1002"},
		{"status=pending_payment", "ACME-1001"},
		{"status=shipped", ""},
		{"status=bogus", "ACME-1002,ACME-1001"},
		{"q=acme-1001", "ACME-1001"},
		{"q=GRACE%40example", "ACME-1002"},
		{"q=lovelace", "ACME-1001"},
		{"q=lovelace&status=paid", ""},
		{"q=BRAVO", ""},
	} {
		p := shop.b.Get("/admin/orders?" + tc.query)
		if got := strings.Join(rowNumbers(p), ","); got != tc.want {
			t.Errorf("?%s: %q, want %q", tc.query, got, tc.want)
		}
		if tc.want == "" && p.Doc.Find(`[data-testid="orders-empty"]`).Length() != 1 {
			t.Errorf("?%s: no empty message", tc.query)
		}
	}
	if p := shop.b.Get("/admin/orders?status=paid"); p.Doc.Find(`[data-testid="order-tabs"] a[aria-current="page"]`).Text() != "Paid" {
		t.Error("paid tab not marked")
	}

	// 25 orders a page.
	for i := range 24 {
		shop.place(t, app, fmt.Sprintf("Buyer %d", i), fmt.Sprintf("b%d@example.test", i), map[int64]int{shop.s: 1})
	}
	p = shop.b.Get("/admin/orders")
	if n := len(rowNumbers(p)); n != 25 || !strings.Contains(p.Text(`[data-testid="order-total"]`), "26 orders") {
		t.Fatalf("first page: %d rows, %q", n, p.Text(`[data-testid="order-total"]`))
	}
	next := p.Attr(`.pagination a[rel="next"]`, "href")
	if next != "/admin/orders?page=2" {
		t.Fatalf("next page link %q", next)
	}
	if got := rowNumbers(shop.b.Get(next)); strings.Join(got, ",") != "ACME-1001" {
		t.Errorf("second page %v", got)
	}
}

func TestOfflineOrderFromPaymentToDelivery(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 10)
	o := shop.place(t, app, "Ada Lovelace", "ada@example.test", map[int64]int{shop.s: 2, shop.mv: 1})

	p := shop.b.Get(orderPath(o, ""))
	if p.Status != 200 || p.Text("h1") != "Order ACME-1001" {
		t.Fatalf("order page: %d %q", p.Status, p.Text("h1"))
	}
	for sel, want := range map[string]string{
		`[data-testid="order-total"]`:           "$42.50",
		`[data-testid="order-commission"]`:      "$2.13",
		`[data-testid="order-share"]`:           "$40.37",
		`[data-testid="order-shipping-method"]`: "Standard post",
	} {
		if got := p.Text(sel); got != want {
			t.Errorf("%s: %q, want %q", sel, got, want)
		}
	}
	// Hong Kong writes the area first and the name last (libaddressinput).
	if got := p.Text(`[data-testid="order-address"]`); !strings.Contains(got, "1 Harbour Road") ||
		strings.Index(got, "Hong Kong Island") > strings.Index(got, "1 Harbour Road") || !strings.Contains(got, "Hong Kong SAR") {
		t.Errorf("address %q", got)
	}
	if got := p.Text(`[data-testid="order-payment"]`); !strings.Contains(got, "Offline") || !strings.Contains(got, "not paid yet") {
		t.Errorf("payment %q", got)
	}
	if p.Doc.Find(`[data-testid="ship-form"]`).Length() != 0 || p.Doc.Find(`[data-testid="refund-form"]`).Length() != 0 {
		t.Error("an unpaid order offers shipping or refunds")
	}

	// Shipping an unpaid order is refused, and says why.
	p = shop.b.Post(orderPath(o, "ship"), url.Values{"carrier": {"DHL"}, "tracking_number": {"JD0001234567"}})
	if p.Status != 409 || !strings.Contains(p.Text(`[data-testid="order-problem"]`), "cannot be changed that way") {
		t.Fatalf("ship unpaid: %d %q", p.Status, p.Text(`[data-testid="order-problem"]`))
	}
	if got := shop.order(t, app, o.ID); got.Status != orders.StatusPendingPayment {
		t.Fatalf("status %s after a refused ship", got.Status)
	}

	p = shop.b.Post(orderPath(o, "confirm-payment"), nil)
	if p.Status != 303 || p.Location != orderPath(o, "") {
		t.Fatalf("confirm: %d %q", p.Status, p.Location)
	}
	p = shop.b.Get(orderPath(o, ""))
	if got := p.Text(`[data-testid="flash"]`); !strings.Contains(got, "Payment confirmed") {
		t.Errorf("flash %q", got)
	}
	if p.Text(`[data-testid="order-status"]`) != "Paid" || p.Doc.Find(`[data-testid="confirm-payment-form"]`).Length() != 0 {
		t.Errorf("after confirming: %q", p.Text(`[data-testid="order-status"]`))
	}
	// A second confirmation is a replay: nothing changes, no second event.
	shop.b.Post(orderPath(o, "confirm-payment"), nil)

	// Invalid carrier or tracking number: 422, input kept, nothing saved.
	for _, form := range []url.Values{
		{"carrier": {""}, "tracking_number": {"JD0001234567"}},
		{"carrier": {"DHL"}, "tracking_number": {"12"}},
		{"carrier": {"DHL"}, "tracking_number": {"JD<script>"}},
	} {
		p = shop.b.Post(orderPath(o, "ship"), form)
		if p.Status != 422 {
			t.Fatalf("ship %v: %d", form, p.Status)
		}
		if p.Doc.Find(`#field-carrier`).AttrOr("value", "") != form.Get("carrier") ||
			p.Doc.Find(`#field-tracking_number`).AttrOr("value", "") != form.Get("tracking_number") {
			t.Errorf("ship %v: input not kept", form)
		}
		if p.Doc.Find(`#field-carrier-error, #field-tracking_number-error`).Length() != 1 {
			t.Errorf("ship %v: no message beside the field", form)
		}
	}
	if got := shop.order(t, app, o.ID); got.Status != orders.StatusPaid || got.TrackingNumber != "" {
		t.Fatalf("after invalid ship: %s %q", got.Status, got.TrackingNumber)
	}

	if p = shop.b.Post(orderPath(o, "ship"), url.Values{"carrier": {"DHL"}, "tracking_number": {"JD 0001-234567"}}); p.Status != 303 {
		t.Fatalf("ship: %d\n%s", p.Status, p.Body)
	}
	got := shop.order(t, app, o.ID)
	if got.Status != orders.StatusShipped || got.Carrier != "DHL" || got.TrackingNumber != "JD 0001-234567" {
		t.Fatalf("shipped: %+v", got)
	}
	if p = shop.b.Post(orderPath(o, "deliver"), nil); p.Status != 303 {
		t.Fatalf("deliver: %d", p.Status)
	}
	p = shop.b.Get(orderPath(o, ""))
	if p.Text(`[data-testid="order-status"]`) != "Delivered" || !strings.Contains(p.Text(`[data-testid="order-tracking"]`), "JD 0001-234567") {
		t.Errorf("delivered page: %q %q", p.Text(`[data-testid="order-status"]`), p.Text(`[data-testid="order-tracking"]`))
	}
	// The history says what happened, who did it and when.
	var events []string
	p.Doc.Find(`[data-testid="order-event"]`).Each(func(_ int, s *goquery.Selection) {
		if s.Find("time").AttrOr("datetime", "") == "" {
			t.Error("event without a time")
		}
		events = append(events, strings.Join(strings.Fields(s.Text()), " "))
	})
	if len(events) != 4 {
		t.Fatalf("events %q", events)
	}
	for i, want := range []string{"Order placed by the shopper", "Payment received by Owner of acme", "Shipped by Owner of acme", "Delivered by Owner of acme"} {
		if !strings.Contains(events[i], want) {
			t.Errorf("event %d %q, want %q", i, events[i], want)
		}
	}
	// Delivered is as far as it goes: cancelling now is refused.
	if p := shop.b.Post(orderPath(o, "cancel"), nil); p.Status != 409 {
		t.Errorf("cancel delivered: %d", p.Status)
	}
}

func TestCancelAnUnpaidOrderReturnsItsStock(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 10)
	o := shop.place(t, app, "Ada", "ada@example.test", map[int64]int{shop.s: 2, shop.mv: 3})
	if s, m := shop.stock(t, app); s != 8 || m != 7 {
		t.Fatalf("stock after checkout %d %d", s, m)
	}
	p := shop.b.Post(orderPath(o, "cancel"), url.Values{"cancel_reason": {"Shopper asked by phone"}})
	if p.Status != 303 {
		t.Fatalf("cancel: %d\n%s", p.Status, p.Body)
	}
	if s, m := shop.stock(t, app); s != 10 || m != 10 {
		t.Errorf("stock after cancel %d %d", s, m)
	}
	// Cancelling again gives nothing back twice.
	shop.b.Post(orderPath(o, "cancel"), nil)
	if s, m := shop.stock(t, app); s != 10 || m != 10 {
		t.Errorf("stock after cancelling twice %d %d", s, m)
	}
	p = shop.b.Get(orderPath(o, ""))
	if p.Text(`[data-testid="order-status"]`) != "Cancelled" || !strings.Contains(p.Text(`[data-testid="order-timeline"]`), "Shopper asked by phone") {
		t.Errorf("cancelled page: %q", p.Text(`[data-testid="order-timeline"]`))
	}
	if p.Doc.Find(`[data-testid="confirm-payment-form"], [data-testid="cancel-form"]`).Length() != 0 {
		t.Error("a cancelled order still offers payment or cancel")
	}

	paid := shop.place(t, app, "Bob", "bob@example.test", map[int64]int{shop.s: 1})
	shop.b.Post(orderPath(paid, "confirm-payment"), nil)
	if p := shop.b.Post(orderPath(paid, "cancel"), nil); p.Status != 409 || p.Text(`[data-testid="order-problem"]`) == "" {
		t.Errorf("cancel paid: %d", p.Status)
	}
	if got := shop.order(t, app, paid.ID); got.Status != orders.StatusPaid {
		t.Errorf("paid order became %s", got.Status)
	}
}

func TestPackingSlipListsItemsWithoutPrices(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 10)
	o := shop.place(t, app, "Ada Lovelace", "ada@example.test", map[int64]int{shop.s: 2, shop.mv: 1})
	p := shop.b.Get(orderPath(o, "packing-slip"))
	if p.Status != 200 {
		t.Fatalf("slip: %d", p.Status)
	}
	slip := p.Doc.Find(`[data-testid="packing-slip"]`)
	if !strings.Contains(slip.Find("h1").Text(), "ACME-1001") || !strings.Contains(p.Text(`[data-testid="slip-shop"]`), "Shop acme") {
		t.Errorf("slip head %q", slip.Find("h1").Text())
	}
	if !strings.Contains(p.Text(`[data-testid="slip-address"]`), "Ada Lovelace") {
		t.Errorf("ship-to %q", p.Text(`[data-testid="slip-address"]`))
	}
	var lines []string
	p.Doc.Find(`[data-testid="slip-line"]`).Each(func(_ int, s *goquery.Selection) {
		lines = append(lines, s.Find(`[data-testid="slip-sku"]`).Text()+"="+strings.TrimSpace(s.Find(`[data-testid="slip-quantity"]`).Text()))
	})
	sort.Strings(lines)
	if strings.Join(lines, ",") != "TS-M=1,TS-S=2" {
		t.Errorf("lines %v", lines)
	}
	if strings.Contains(slip.Text(), "$") || strings.Contains(slip.Text(), "12.50") {
		t.Errorf("the slip shows prices:\n%s", slip.Text())
	}
	if p.Doc.Find(`.admin-sidebar`).Length() != 0 {
		t.Error("the slip prints the admin sidebar")
	}
}

func TestClerksFulfilOrders(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 10)
	o := shop.place(t, app, "Ada", "ada@example.test", map[int64]int{shop.s: 1})
	clerk := shop.staffBrowser(t, app, merchants.RoleClerk)
	clerk.Get(orderPath(o, ""))
	if p := clerk.Post(orderPath(o, "confirm-payment"), nil); p.Status != 303 {
		t.Fatalf("clerk confirms payment: %d", p.Status)
	}
	p := clerk.Get(orderPath(o, ""))
	if p.Doc.Find(`[data-testid="ship-form"]`).Length() != 1 || p.Doc.Find(`[data-testid="refund-form"]`).Length() != 0 {
		t.Error("clerk: want the ship form and no refund form")
	}
	if p := clerk.Post(orderPath(o, "ship"), url.Values{"carrier": {"SF Express"}, "tracking_number": {"SF1234567890"}}); p.Status != 303 {
		t.Errorf("clerk ships: %d", p.Status)
	}
	p = shop.b.Get(orderPath(o, ""))
	if got := strings.Join(strings.Fields(p.Text(`[data-testid="order-timeline"]`)), " "); !strings.Contains(got, "Shipped by Sam clerk") {
		t.Errorf("timeline %q", got)
	}
}

func TestDisputedOrderIsFlagged(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 10)
	o := shop.place(t, app, "Ada", "ada@example.test", map[int64]int{shop.s: 1})
	calm := shop.place(t, app, "Bob", "bob@example.test", map[int64]int{shop.s: 1})
	if err := app.Orders.RecordDispute(t.Context(), o.CheckoutID, "fraudulent"); err != nil {
		t.Fatal(err)
	}
	p := shop.b.Get("/admin/orders")
	rows := p.Doc.Find(`[data-testid="order-row"]`)
	if rows.Length() != 2 || rows.Eq(1).Find(`[data-testid="badge-disputed"]`).Length() != 1 || rows.Eq(0).Find(`[data-testid="badge-disputed"]`).Length() != 0 {
		t.Errorf("disputed badges in the list: %q", p.Text(`[data-testid="order-table"]`))
	}
	p = shop.b.Get(orderPath(o, ""))
	if p.Doc.Find(`[data-testid="order-disputed"]`).Length() != 1 || !strings.Contains(p.Text(`[data-testid="order-timeline"]`), "Payment disputed") {
		t.Errorf("order page of a disputed order: %q", p.Text(`[data-testid="order-timeline"]`))
	}
	if p := shop.b.Get(orderPath(calm, "")); p.Doc.Find(`[data-testid="order-disputed"]`).Length() != 0 {
		t.Error("an undisputed order flagged")
	}
}
