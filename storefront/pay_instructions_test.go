package storefront_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

// instructionsOf is each shop's payment instructions block on p, by the
// reference (the order number) it names.
func instructionsOf(p *malltest.Page) map[string]*goquery.Selection {
	out := map[string]*goquery.Selection{}
	p.Doc.Find(`[data-testid="pay-instructions"]`).Each(func(_ int, s *goquery.Selection) {
		out[strings.TrimSpace(s.Find(`[data-testid="pay-reference"]`).Text())] = s
	})
	return out
}

func text(s *goquery.Selection, testid string) string {
	return strings.Join(strings.Fields(s.Find(`[data-testid="`+testid+`"]`).Text()), " ")
}

func TestOfflineConfirmationAndOrderPageShowEachShopsInstructions(t *testing.T) {
	m := newBuyingMall(t)
	ctx := t.Context()
	if _, err := m.app.Merchants.SavePaymentInstructions(ctx, m.acme.ID, merchants.PaymentInstructions{
		BankTransfer: true, BankPayee: "Acme Kitchen Ltd", BankName: "Westminster Bank",
		BankAccount: "GB82WEST12345698765432", CashOnDelivery: true, Other: "Or pay by PayMe: 5555 0000", UnpaidDays: 3,
	}); err != nil {
		t.Fatal(err)
	}
	ada := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "ada@example.test", "Ada"))
	add(t, ada, "/s/acme/p/steel-kettle", 2)
	add(t, ada, "/s/bolt/p/desk-lamp", 1)
	placed := time.Now()
	confirmation := checkOut(t, ada, "ada@example.test")
	p := ada.Get(confirmation)
	if p.Status != http.StatusOK {
		t.Fatalf("confirmation: %d", p.Status)
	}
	blocks := instructionsOf(p)
	acme, bolt := blocks["ACME-1001"], blocks["BOLT-1001"]
	if len(blocks) != 2 || acme == nil || bolt == nil {
		t.Fatalf("instructions for %v, want ACME-1001 and BOLT-1001", blocks)
	}
	// Each shop is paid its own order's total: Acme 2 × $25.00 + $5.00,
	// Bolt $40.00 + $8.00.
	for want, got := range map[string]string{
		"How to pay Acme Kitchen":     strings.TrimSpace(acme.Find("h3").Text()),
		"$55.00":                      text(acme, "pay-amount"),
		"Acme Kitchen Ltd":            text(acme, "pay-payee"),
		"GB82 WEST 1234 5698 7654 32": text(acme, "pay-account"),
		"Or pay by PayMe: 5555 0000":  text(acme, "pay-other"),
		"$48.00":                      text(bolt, "pay-amount"),
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if cod := text(acme, "pay-cod"); !strings.Contains(cod, "Pay $55.00 in cash to the courier") {
		t.Errorf("cash on delivery: %q", cod)
	}
	if !strings.Contains(acme.Text(), "Quote ACME-1001 as the reference") {
		t.Errorf("no reference note: %q", acme.Text())
	}
	due := placed.Add(3 * 24 * time.Hour).UTC().Format("Jan 2, 2006")
	if got := text(acme, "pay-due"); !strings.Contains(got, "by "+due) {
		t.Errorf("due %q, want by %s", got, due)
	}
	// Bolt set nothing: the shopper is told to ask, not given a dead end.
	if got := text(bolt, "pay-none"); got != "Bolt Lighting has not published its payment details yet. Contact the shop, quoting BOLT-1001." {
		t.Errorf("bolt: %q", got)
	}
	if strings.Contains(p.Text("main"), "bank transfer or on delivery") {
		t.Error("the page still has the generic wording")
	}

	// Once Acme confirms the money, its instructions go; Bolt's stay.
	co, err := m.app.Orders.CheckoutByPublicID(ctx, strings.TrimPrefix(confirmation, "/checkout/"))
	if err != nil {
		t.Fatal(err)
	}
	acmeOrder := co.Orders[0]
	if acmeOrder.MerchantID != m.acme.ID {
		acmeOrder = co.Orders[1]
	}
	if err := m.app.Orders.ConfirmOfflinePayment(ctx, m.acme.ID, acmeOrder.ID, orders.Actor{Kind: orders.ActorStaff}); err != nil {
		t.Fatal(err)
	}
	if got := instructionsOf(ada.Get(confirmation)); len(got) != 1 || got["BOLT-1001"] == nil {
		t.Errorf("after acme is paid: instructions for %v", got)
	}

	// The shopper's own order page shows the shop's instructions while
	// it waits, and none once paid.
	boltOrder := co.Orders[0]
	if boltOrder.MerchantID != m.bolt.ID {
		boltOrder = co.Orders[1]
	}
	op := ada.Get("/account/orders/" + itoa(boltOrder.ID))
	if b := instructionsOf(op)["BOLT-1001"]; op.Status != http.StatusOK || b == nil || text(b, "pay-amount") != "$48.00" {
		t.Errorf("order page: %d, instructions %v", op.Status, instructionsOf(op))
	}
	if got := instructionsOf(ada.Get("/account/orders/" + itoa(acmeOrder.ID))); len(got) != 0 {
		t.Errorf("paid order page still shows instructions")
	}
}

func TestUnpaidOfflineCheckoutsAreLimitedWithAClearMessage(t *testing.T) {
	m := newBuyingMall(t)
	b := m.visitor()
	for range orders.DefaultMaxUnpaidOffline {
		add(t, b, "/s/acme/p/steel-kettle", 1)
		checkOut(t, b, "ada@example.test")
	}
	add(t, b, "/s/acme/p/steel-kettle", 1)
	before := m.countRows("orders")
	p := place(b, b.Get("/checkout"), address("ada@example.test"))
	if p.Status != http.StatusConflict {
		t.Fatalf("fourth unpaid checkout: %d, want 409", p.Status)
	}
	if got := p.Text(`[data-testid="checkout-problem"]`); got != "You already have 3 orders waiting for payment. Pay for one of them first; once the shop has confirmed it, you can place another." {
		t.Errorf("message %q", got)
	}
	if n := m.countRows("orders"); n != before {
		t.Errorf("%d orders after the refusal, want %d", n, before)
	}
	if p.Attr(`[name="email"]`, "value") != "ada@example.test" {
		t.Errorf("the form lost what was typed")
	}
}

func TestGuestOrderPageAfterShippingAndARefundShowsTheNetNotThePaymentBanner(t *testing.T) {
	m := newBuyingMall(t)
	ctx := t.Context()
	b := m.visitor()
	add(t, b, "/s/acme/p/steel-kettle", 2)
	p := b.Get(checkOut(t, b, "ada@example.test"))
	link := p.Attr(`[data-testid="guest-link"] a`, "href")
	u, _ := url.Parse(link)
	co, err := m.app.Orders.CheckoutByPublicID(ctx, strings.TrimPrefix(u.Path, "/orders/"))
	if err != nil {
		t.Fatal(err)
	}
	o := co.Orders[0]
	staff := orders.Actor{Kind: orders.ActorStaff}
	if err := m.app.Orders.ConfirmOfflinePayment(ctx, m.acme.ID, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	if got := m.visitor().Get(u.RequestURI()).Text(`[data-testid="payment-state"]`); got == "" {
		t.Fatal("a paid order not yet shipped should say the payment arrived")
	}
	if err := m.app.Orders.MarkShipped(ctx, m.acme.ID, o.ID, "DHL", "JD0001", staff); err != nil {
		t.Fatal(err)
	}
	if _, err := m.app.Payments.Refund(ctx, m.acme.ID, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: 1}}, By: staff,
	}); err != nil {
		t.Fatal(err)
	}
	p = m.visitor().Get(u.RequestURI())
	if p.Status != http.StatusOK {
		t.Fatalf("guest link: %d", p.Status)
	}
	if href := p.Attr(`[data-testid="tracking-link"]`, "href"); href != "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=JD0001" {
		t.Errorf("tracking link %q", href)
	}
	if n := p.Doc.Find(`[data-testid="payment-state"]`).Length(); n != 0 {
		t.Errorf("payment banner %q after shipping and a refund", p.Text(`[data-testid="payment-state"]`))
	}
	// $55.00 paid, one $25.00 kettle refunded.
	if p.Text(`[data-testid="order-refunded"]`) != "$25.00" || p.Text(`[data-testid="order-net"]`) != "$30.00" {
		t.Errorf("refunded %q, net %q; want $25.00 and $30.00", p.Text(`[data-testid="order-refunded"]`), p.Text(`[data-testid="order-net"]`))
	}
}
