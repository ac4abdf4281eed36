package storefront_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/internal/smtptest"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/server"
)

// TestOneClickOptOutPerRFC8058: the review request carries
// List-Unsubscribe with an https-style URL and List-Unsubscribe-Post; a
// POST of "List-Unsubscribe=One-Click" with no cookie and no CSRF token
// opts the address out, a forged token is refused, a GET never opts out.
func TestOneClickOptOutPerRFC8058(t *testing.T) {
	smtp := smtptest.Start(t, smtptest.Options{})
	sender, err := mail.NewSMTPSender(smtp.URL(), "Mall <reviews@mall.test>")
	if err != nil {
		t.Fatal(err)
	}
	var now atomic.Int64
	now.Store(time.Now().UTC().UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	app := malltest.NewAppOn(t, dbtest.Open(t), func(o *server.Options) { o.Mail = sender; o.Now = clock })
	app.Outbox.SetClock(clock)
	ctx := t.Context()
	m, _, _ := malltest.Shop(t, app, "acme", true)
	p, err := app.Catalog.CreateProduct(ctx, m.ID, catalog.ProductInput{Title: "Steel Kettle", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: "KET", Price: 2500, Currency: "USD", Stock: 50}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Orders.CreateShippingMethod(ctx, m.ID, orders.ShippingMethodInput{Name: "Post", Active: true}); err != nil {
		t.Fatal(err)
	}
	owner := orders.CartOwner{Token: orders.NewCartToken()}
	if err := app.Orders.AddToCart(ctx, owner, p.Variants[0].ID, 1); err != nil {
		t.Fatal(err)
	}
	q, _ := app.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	co, err := app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "Guest@Example.test", Provider: orders.ProviderOffline,
		ExpectedTotal: q.Total, Address: orders.Address{Name: "Lee", Line1: "1 Road", City: "Central", Region: "Hong Kong Island", Country: "HK"}})
	if err != nil {
		t.Fatal(err)
	}
	by := orders.Actor{Kind: orders.ActorStaff}
	o := co.Orders[0]
	app.Orders.ConfirmOfflinePayment(ctx, m.ID, o.ID, by)
	app.Orders.MarkShipped(ctx, m.ID, o.ID, "DHL", "1", by)
	if err := app.Orders.MarkDelivered(ctx, m.ID, o.ID, by); err != nil {
		t.Fatal(err)
	}
	app.Outbox.RunDue(ctx)
	now.Add(int64(8 * 24 * time.Hour))
	app.Outbox.RunDue(ctx)
	msgs := reviewRequests(smtp)
	if len(msgs) != 1 {
		t.Fatalf("%d review requests", len(msgs))
	}
	h := msgs[0].Header
	if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Fatalf("List-Unsubscribe-Post %q", got)
	}
	lu := h.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<http") || !strings.HasSuffix(lu, ">") || !strings.Contains(lu, "/reviews/opt-out/") {
		t.Fatalf("List-Unsubscribe %q", lu)
	}
	path := local(t, strings.Trim(lu, "<>"))

	optedOut := func() bool {
		t.Helper()
		out, err := app.Reviews.OptedOut(ctx, "guest@example.test")
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	post := func(path, body string) int {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := app.Fiber.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	// A person opening the URL sees the page with the button; nothing
	// changes.
	visitor := malltest.NewBrowser(t, app)
	if r := visitor.Get(path); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/reviews/opt-out?") {
		t.Fatalf("GET of the one-click URL: %d %q", r.Status, r.Location)
	}
	if r := visitor.Get(visitor.Get(path).Location); r.Status != 200 || optedOut() {
		t.Fatalf("the opt-out page: %d, opted out %t", r.Status, optedOut())
	}
	// Forged tokens and a body that is not RFC 8058's change nothing.
	forged := path[:len(path)-4] + "0000"
	if s := post(forged, "List-Unsubscribe=One-Click"); s != http.StatusNotFound {
		t.Fatalf("forged token: %d", s)
	}
	if s := post("/reviews/opt-out/bm9ib2R5QGV4YW1wbGUudGVzdA.abc", "List-Unsubscribe=One-Click"); s != http.StatusNotFound {
		t.Fatalf("token for another address: %d", s)
	}
	if s := post(path, "hello=1"); s != http.StatusBadRequest {
		t.Fatalf("wrong body: %d", s)
	}
	if optedOut() {
		t.Fatal("refused requests opted the address out")
	}
	// The provider's POST: no cookie, no CSRF token.
	if s := post(path, "List-Unsubscribe=One-Click"); s != http.StatusOK {
		t.Fatalf("one-click POST: %d", s)
	}
	if !optedOut() {
		t.Fatal("the one-click POST did not opt out")
	}
	if s := post(path, "List-Unsubscribe=One-Click"); s != http.StatusOK {
		t.Fatalf("second one-click POST: %d", s)
	}
}
