package notify_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/smtptest"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/notify"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

var ctx = context.Background()

const baseURL = "https://mall.example"

var secret = []byte(strings.Repeat("k", 32))

// fixture is a mall with two shops, an outbox whose notifier sends through
// a real SMTP server, and a shopper's cart holding something of each shop.
type fixture struct {
	t       *testing.T
	db      *gorm.DB
	q       *outbox.Queue
	orders  *orders.Store
	catalog *catalog.Store
	smtp    *smtptest.Server
	clock   *clock

	acme, kiln  int64 // merchants
	mug, teapot int64 // variants
	acmeShip    int64 // shipping method
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := dbtest.Open(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f := &fixture{t: t, db: db, q: outbox.NewQueue(db, log), catalog: catalog.NewStore(db),
		smtp:  smtptest.Start(t, smtptest.Options{User: "mall", Password: "secret", StartTLS: true}),
		clock: &clock{t: time.Now().UTC()}}
	f.q.SetClock(f.clock.now)
	f.orders = orders.NewStore(db, orders.Options{Outbox: f.q})
	f.orders.SetClock(f.clock.now)
	sender, err := mail.NewSMTPSender(f.smtp.URL(), "Mall <orders@mall.example>")
	if err != nil {
		t.Fatal(err)
	}
	sender.TLSConfig = f.smtp.ClientTLS()
	notify.Register(f.q, notify.Config{
		Orders: f.orders, Merchants: merchants.NewStore(db), Mail: sender,
		BaseURL: baseURL + "/", Secret: secret, MallName: "Harbour Mall", Log: log,
	})

	f.acme = f.merchant("acme", "Acme Goods", "sales@acme.test", "en")
	f.kiln = f.merchant("kiln", "Kiln & Clay", "hello@kiln.test", "zh-Hans")
	f.mug = f.product(f.acme, "Blue mug", "Large", 1200)
	f.teapot = f.product(f.kiln, "Teapot", "", 3000)
	f.acmeShip = f.shipping(f.acme, "Standard", 500, 0)
	f.shipping(f.kiln, "Courier", 800, 2000) // free over 20.00
	return f
}

func (f *fixture) merchant(slug, name, contact, locale string) int64 {
	f.t.Helper()
	now := time.Now().UTC()
	var id int64
	err := f.db.Raw(`INSERT INTO merchants (slug, name, status, contact_email, locale, commission_bp, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 500, ?, ?) RETURNING id`, slug, name, merchants.MerchantActive, contact, locale, now, now).Scan(&id).Error
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) product(merchantID int64, title, size string, price int64) int64 {
	f.t.Helper()
	in := catalog.ProductInput{Title: title, Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: strings.ReplaceAll(title, " ", "-"), Price: price, Currency: "USD", Stock: 20}}}
	if size != "" {
		in.OptionNames = [3]string{"Size"}
		in.Variants[0].Options = [3]string{size}
	}
	p, err := f.catalog.CreateProduct(ctx, merchantID, in)
	if err != nil {
		f.t.Fatal(err)
	}
	return p.Variants[0].ID
}

func (f *fixture) shipping(merchantID int64, name string, price, freeOver int64) int64 {
	f.t.Helper()
	m, err := f.orders.CreateShippingMethod(ctx, merchantID, orders.ShippingMethodInput{Name: name, Price: price, FreeOver: freeOver, Active: true})
	if err != nil {
		f.t.Fatal(err)
	}
	return m.ID
}

// place checks out 2 mugs (24.00 + 5.00 shipping) and a teapot (30.00,
// shipping free) as a guest: 59.00 in all.
func (f *fixture) place(provider orders.Provider, locale string) *orders.Checkout {
	f.t.Helper()
	owner := orders.CartOwner{Token: orders.NewCartToken()}
	for _, v := range []struct {
		id  int64
		qty int
	}{{f.mug, 2}, {f.teapot, 1}} {
		if err := f.orders.AddToCart(ctx, owner, v.id, v.qty); err != nil {
			f.t.Fatal(err)
		}
	}
	co, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: "ann@example.com", Provider: provider, Locale: locale, ExpectedTotal: 5900,
		Address: orders.Address{Name: "Ann Lee", Line1: "1 Harbour St", City: "Wellington", PostalCode: "6011", Country: "NZ"},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	if co.Total != 5900 || len(co.Orders) != 2 {
		f.t.Fatalf("checkout total %d with %d orders", co.Total, len(co.Orders))
	}
	return co
}

func (f *fixture) runDue() int {
	f.t.Helper()
	n, err := f.q.RunDue(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

// inbox returns the messages that reached to.
func (f *fixture) inbox(to string) []smtptest.Message {
	var out []smtptest.Message
	for _, m := range f.smtp.Messages() {
		for _, rcpt := range m.To {
			if rcpt == to {
				out = append(out, m)
			}
		}
	}
	return out
}

func (f *fixture) one(to string) smtptest.Message {
	f.t.Helper()
	got := f.inbox(to)
	if len(got) != 1 {
		var subjects []string
		for _, m := range got {
			subjects = append(subjects, m.Subject)
		}
		f.t.Fatalf("%s got %d emails %q, want 1", to, len(got), subjects)
	}
	return got[0]
}

func (f *fixture) republish(topic, key string, payload any) {
	f.t.Helper()
	err := database.InTx(ctx, f.db, func(tx *gorm.DB) error { return f.q.Publish(tx, topic, key, payload) })
	if err != nil {
		f.t.Fatal(err)
	}
}

func contains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

func orderIn(co *orders.Checkout, merchantID int64) orders.Order {
	for _, o := range co.Orders {
		if o.MerchantID == merchantID {
			return o
		}
	}
	return orders.Order{}
}

func TestOfflineCheckoutIsConfirmedOnceAndEachShopHearsOfItsOrder(t *testing.T) {
	f := newFixture(t)
	co := f.place(orders.ProviderOffline, "en")
	acme, kiln := orderIn(co, f.acme), orderIn(co, f.kiln)
	if acme.Number != "ACME-1001" || kiln.Number != "KILN-1001" {
		t.Fatalf("order numbers %s %s", acme.Number, kiln.Number)
	}
	f.runDue()

	if n := len(f.smtp.Messages()); n != 3 {
		t.Errorf("%d emails, want 3 (the shopper's and one per shop)", n)
	}
	c := f.one("ann@example.com")
	if c.Subject != "Orders ACME-1001, KILN-1001 received" {
		t.Errorf("subject %q", c.Subject)
	}
	if to := c.Header.Get("To"); !strings.Contains(to, "Ann Lee") {
		t.Errorf("To: %q", to)
	}
	link := baseURL + "/orders/" + co.PublicID + "?sig=" + orders.LinkSignature(secret, co.PublicID)
	contains(t, "confirmation", c.Text,
		"Hello Ann Lee,",
		"Pay each shop as it asks below, quoting the order number as the reference.",
		"Your purchase is split into 2 orders",
		"Order ACME-1001 from Acme Goods",
		"2 × Blue mug (Large): $24.00",
		"Shipping (Standard): $5.00",
		"Order total: $29.00",
		"Order KILN-1001 from Kiln & Clay",
		"1 × Teapot: $30.00",
		"Shipping (Courier): $0.00",
		"Order total: $30.00",
		"Total to pay: $59.00",
		"1 Harbour St",
		link,
		"Harbour Mall",
	)
	if strings.Contains(c.Text, "&amp;") {
		t.Errorf("text email has HTML escapes:\n%s", c.Text)
	}

	a := f.one("sales@acme.test")
	if a.Subject != "New order ACME-1001: $29.00" {
		t.Errorf("acme's subject %q", a.Subject)
	}
	contains(t, "acme's email", a.Text, "2 × Blue mug (Large): $24.00", "Confirm the payment in your shop admin",
		"ann@example.com", baseURL+"/admin/orders/"+strconv.FormatInt(acme.ID, 10))
	if strings.Contains(a.Text, "Teapot") {
		t.Errorf("acme's email shows kiln's teapot:\n%s", a.Text)
	}
	k := f.one("hello@kiln.test")
	wantKiln := "新订单 KILN-1001：" + i18n.FormatMoney(i18n.Chinese, mall.Money{Amount: 3000, Currency: "USD"})
	if k.Subject != wantKiln {
		t.Errorf("kiln's subject %q, want %q (the shop's language)", k.Subject, wantKiln)
	}
	contains(t, "kiln's email", k.Text, "Teapot × 1", "确认收款")

	// The event again (a retried transaction, a replay): nothing new.
	f.republish(orders.TopicCheckoutPlaced, strconv.FormatInt(co.ID, 10), map[string]int64{"checkout_id": co.ID})
	f.runDue()
	// The shop confirms the offline payment: it already knows of the order.
	if err := f.orders.ConfirmOfflinePayment(ctx, f.acme, acme.ID, orders.Actor{Kind: orders.ActorStaff}); err != nil {
		t.Fatal(err)
	}
	f.runDue()
	if n := len(f.smtp.Messages()); n != 3 {
		t.Errorf("%d emails after a replay and the payment confirmation, want still 3", n)
	}
}

func TestCardCheckoutIsConfirmedWhenPaidInTheShoppersLanguage(t *testing.T) {
	f := newFixture(t)
	co := f.place(orders.ProviderStripe, "zh-Hans")
	f.runDue()
	if n := len(f.smtp.Messages()); n != 0 {
		t.Fatalf("%d emails before the payment, want none", n)
	}

	changed, err := f.orders.MarkCheckoutPaid(ctx, co.ID, orders.Payment{PaymentIntentID: "pi_1", ChargeID: "ch_1"})
	if err != nil || !changed {
		t.Fatalf("MarkCheckoutPaid = %v, %v", changed, err)
	}
	f.runDue()
	c := f.one("ann@example.com")
	if c.Subject != "已收到您的订单 ACME-1001、KILN-1001" {
		t.Errorf("subject %q", c.Subject)
	}
	usd := func(n int64) string { return i18n.FormatMoney(i18n.Chinese, mall.Money{Amount: n, Currency: "USD"}) }
	contains(t, "confirmation", c.Text,
		"Ann Lee，您好：",
		"我们已收到您支付的 "+usd(5900),
		"Acme Goods 的订单 ACME-1001",
		"Blue mug（Large） × 2："+usd(2400),
		"运费（Standard）："+usd(500),
		"实付总额："+usd(5900),
		baseURL+"/orders/"+co.PublicID+"?sig="+orders.LinkSignature(secret, co.PublicID),
	)
	contains(t, "acme's email", f.one("sales@acme.test").Text, "It is paid")
	contains(t, "kiln's email", f.one("hello@kiln.test").Text, "买家已付款")

	// Stripe sends the webhook again, and the events are published again.
	if changed, err := f.orders.MarkCheckoutPaid(ctx, co.ID, orders.Payment{PaymentIntentID: "pi_1", ChargeID: "ch_1"}); err != nil || changed {
		t.Fatalf("replayed MarkCheckoutPaid = %v, %v", changed, err)
	}
	f.republish(orders.TopicCheckoutPaid, strconv.FormatInt(co.ID, 10), map[string]int64{"checkout_id": co.ID})
	for _, o := range co.Orders {
		f.republish(orders.TopicOrderPaid, strconv.FormatInt(o.ID, 10), map[string]int64{"order_id": o.ID, "merchant_id": o.MerchantID})
	}
	f.runDue()
	if n := len(f.smtp.Messages()); n != 3 {
		t.Errorf("%d emails after the replay, want still 3", n)
	}
}

func TestShippedAndRefundedEmails(t *testing.T) {
	f := newFixture(t)
	co := f.place(orders.ProviderOffline, "en")
	acme := orderIn(co, f.acme)
	staff := orders.Actor{Kind: orders.ActorStaff}
	if err := f.orders.ConfirmOfflinePayment(ctx, f.acme, acme.ID, staff); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.MarkShipped(ctx, f.acme, acme.ID, "NZ Post", "NZ123456789", staff); err != nil {
		t.Fatal(err)
	}
	f.runDue()
	shipped := f.inbox("ann@example.com")
	if len(shipped) != 2 {
		t.Fatalf("shopper got %d emails, want the confirmation and the shipping notice", len(shipped))
	}
	s := shipped[1]
	if s.Subject != "Your order ACME-1001 is on its way" {
		t.Errorf("subject %q", s.Subject)
	}
	contains(t, "shipping notice", s.Text, "Acme Goods has shipped your order ACME-1001", "Carrier: NZ Post",
		"Tracking number: NZ123456789", "2 × Blue mug (Large): $24.00",
		baseURL+"/orders/"+co.PublicID+"?sig="+orders.LinkSignature(secret, co.PublicID))
	if strings.Contains(s.Text, "Teapot") {
		t.Errorf("acme's shipping notice lists kiln's teapot:\n%s", s.Text)
	}
	if got := s.Header.Get("Reply-To"); got != "sales@acme.test" {
		t.Errorf("Reply-To %q, want the shop", got)
	}

	r, err := f.orders.PrepareRefund(ctx, f.acme, acme.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: acme.Lines[0].ID, Quantity: 1}}, Shipping: true, Reason: "Arrived chipped", By: staff,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.orders.CompleteRefund(ctx, f.acme, r.ID, "", "", staff); err != nil {
		t.Fatal(err)
	}
	f.runDue()
	all := f.inbox("ann@example.com")
	if len(all) != 3 {
		t.Fatalf("shopper got %d emails, want 3", len(all))
	}
	rf := all[2]
	if rf.Subject != "Refund for your order ACME-1001" {
		t.Errorf("subject %q", rf.Subject)
	}
	contains(t, "refund notice", rf.Text, "Acme Goods has refunded $17.00 for your order ACME-1001",
		"Reason: Arrived chipped", "1 × Blue mug (Large): $12.00", "Shipping: $5.00", "pay the money back")
	f.republish(orders.TopicOrderRefunded, strconv.FormatInt(r.ID, 10), map[string]int64{"refund_id": r.ID, "order_id": acme.ID, "merchant_id": f.acme})
	f.runDue()
	if n := len(f.inbox("ann@example.com")); n != 3 {
		t.Errorf("a replayed refund event sent another email: %d", n)
	}
}

func TestMailServerOutageIsRetriedWithoutDuplicates(t *testing.T) {
	f := newFixture(t)
	f.smtp.RejectNext(2)
	f.place(orders.ProviderOffline, "en")
	f.runDue()
	if n := len(f.smtp.Messages()); n != 1 {
		t.Fatalf("%d emails while the server refused two, want 1", n)
	}
	f.clock.advance(outbox.Backoff(1))
	f.runDue()
	if n := len(f.smtp.Messages()); n != 3 {
		t.Errorf("%d emails after the retry, want 3", n)
	}
	for _, to := range []string{"ann@example.com", "sales@acme.test", "hello@kiln.test"} {
		f.one(to)
	}
}
