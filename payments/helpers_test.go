package payments_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/stripetest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
	"github.com/mall-project/mall/payments"
)

func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }

var ctx = context.Background()

const (
	webhookSecret = "whsec_mall_test"
	// connectSecret signs the Connect endpoint's events.
	connectSecret = "whsec_connect_test"
)

// fixture is a fresh database with the stores and the payment service on
// stripe-mock, and a record of the outbox jobs that reached subscribers.
type fixture struct {
	t       testing.TB
	db      *gorm.DB
	catalog *catalog.Store
	orders  *orders.Store
	mer     *merchants.Store
	queue   *outbox.Queue
	pay     *payments.Service
	log     *syncBuffer
	// stripe records every request the mall sent to stripe-mock.
	stripe *recorder

	mu sync.Mutex
	// orderPaid counts "order.paid" jobs run per order (one per order
	// means one confirmation email).
	orderPaid map[int64]int
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newFixture builds the mall's payment side on Stripe (stripe-mock), or
// offline when stripeOn is false.
func newFixture(t testing.TB, stripeOn bool) *fixture {
	t.Helper()
	db := dbtest.Open(t)
	f := &fixture{t: t, db: db, catalog: catalog.NewStore(db), mer: merchants.NewStore(db), log: &syncBuffer{}, orderPaid: map[int64]int{}}
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(f.log), nil))
	f.queue = outbox.NewQueue(db, logger)
	f.queue.Subscribe(orders.TopicOrderPaid, "test.order_paid", func(_ context.Context, job outbox.Job) error {
		var p struct {
			OrderID int64 `json:"order_id"`
		}
		if err := job.Decode(&p); err != nil {
			return err
		}
		f.mu.Lock()
		f.orderPaid[p.OrderID]++
		f.mu.Unlock()
		return nil
	})
	f.orders = orders.NewStore(db, orders.Options{Outbox: f.queue})
	cfg := payments.Config{WebhookSecret: webhookSecret + ", " + connectSecret, BaseURL: "http://mall.test"}
	if stripeOn {
		cfg.StripeKey = stripetest.APIKey
		f.stripe = newRecorder(t, stripetest.URL(t))
		cfg.StripeURL = f.stripe.URL
	}
	f.pay = payments.New(db, f.orders, f.mer, f.queue, cfg, logger)
	return f
}

// merchant inserts an active shop with commission bp.
func (f *fixture) merchant(slug string, bp int) int64 {
	f.t.Helper()
	now := time.Now().UTC()
	var id int64
	err := f.db.Raw(`INSERT INTO merchants (slug, name, status, commission_bp, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, slug, "Shop "+slug, merchants.MerchantActive, bp, now, now).Scan(&id).Error
	if err != nil {
		f.t.Fatalf("merchant %s: %v", slug, err)
	}
	if _, err := f.orders.CreateShippingMethod(ctx, id, orders.ShippingMethodInput{Name: "Post", Price: 500, Active: true}); err != nil {
		f.t.Fatalf("shipping of %s: %v", slug, err)
	}
	return id
}

// variant creates an active one-variant product and returns the variant.
func (f *fixture) variant(merchantID int64, title string, price int64, stock int) int64 {
	f.t.Helper()
	p, err := f.catalog.CreateProduct(ctx, merchantID, catalog.ProductInput{
		Title: title, Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: title, Price: price, Currency: "USD", Stock: stock}},
	})
	if err != nil {
		f.t.Fatalf("product %s: %v", title, err)
	}
	return p.Variants[0].ID
}

func (f *fixture) stock(variantID int64) int {
	f.t.Helper()
	var n int
	if err := f.db.Raw(`SELECT stock FROM variants WHERE id = ?`, variantID).Scan(&n).Error; err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) count(table, where string, args ...any) int64 {
	f.t.Helper()
	var n int64
	q := "SELECT COUNT(*) FROM " + table
	if where != "" {
		q += " WHERE " + where
	}
	if err := f.db.Raw(q, args...).Scan(&n).Error; err != nil {
		f.t.Fatal(err)
	}
	return n
}

// shop is a merchant with one product in the test's checkouts.
type shop struct {
	merchantID int64
	variantID  int64
}

// twoShops makes two merchants (10 % and 5 % commission) selling one
// product each.
func (f *fixture) twoShops() (a, b shop) {
	a.merchantID = f.merchant("acme", 1000)
	a.variantID = f.variant(a.merchantID, "Kettle", 2500, 10)
	b.merchantID = f.merchant("bolt", 500)
	b.variantID = f.variant(b.merchantID, "Mug", 1200, 10)
	return a, b
}

// place fills a guest cart (2 of a, 1 of b) and checks out with provider.
func (f *fixture) place(provider orders.Provider, a, b shop) *orders.Checkout {
	f.t.Helper()
	owner := orders.CartOwner{Token: orders.NewCartToken()}
	if err := f.orders.AddToCart(ctx, owner, a.variantID, 2); err != nil {
		f.t.Fatal(err)
	}
	if err := f.orders.AddToCart(ctx, owner, b.variantID, 1); err != nil {
		f.t.Fatal(err)
	}
	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		f.t.Fatal(err)
	}
	co, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: "shopper@example.com", Locale: "en", Provider: provider,
		Address:       orders.Address{Name: "Ann Buyer", Line1: "1 Main St", City: "Springfield", Region: "IL", PostalCode: "62701", Country: "US"},
		ExpectedTotal: q.Total,
	})
	if err != nil {
		f.t.Fatalf("place checkout: %v", err)
	}
	return f.checkout(co.ID)
}

func (f *fixture) checkout(id int64) *orders.Checkout {
	f.t.Helper()
	co, err := f.orders.Checkout(ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return co
}

// placeWithSession places a card checkout and starts its Stripe session.
func (f *fixture) placeWithSession(a, b shop) *orders.Checkout {
	f.t.Helper()
	co := f.place(payments.ProviderStripe, a, b)
	url, err := f.pay.StartPayment(ctx, co, "/checkout/"+co.PublicID, "/checkout/"+co.PublicID+"/cancel")
	if err != nil {
		f.t.Fatalf("start payment: %v", err)
	}
	if url == "" {
		f.t.Fatal("no Stripe URL for a card checkout")
	}
	co = f.checkout(co.ID)
	if co.ProviderSessionID == "" {
		f.t.Fatal("the session id was not stored")
	}
	return co
}

// session is the data.object of a checkout.session.* event.
func session(co *orders.Checkout, paymentStatus string) map[string]any {
	return map[string]any{
		"id": co.ProviderSessionID, "object": "checkout.session", "mode": "payment",
		"payment_status": paymentStatus, "status": "complete",
		"amount_total": co.Total, "currency": "usd",
		"client_reference_id": co.PublicID,
		"payment_intent":      "pi_" + co.PublicID[:16],
		"metadata":            map[string]string{"checkout_id": fmt.Sprint(co.ID)},
	}
}

// deliver signs and hands one event to the webhook handler.
func (f *fixture) deliver(id, eventType string, object any) error {
	f.t.Helper()
	payload, sig := stripetest.SignedEventWithID(f.t, webhookSecret, id, eventType, object)
	return f.pay.HandleStripeWebhook(ctx, payload, sig)
}

func (f *fixture) mustDeliver(id, eventType string, object any) {
	f.t.Helper()
	if err := f.deliver(id, eventType, object); err != nil {
		f.t.Fatalf("deliver %s %s: %v", eventType, id, err)
	}
}

// runJobs drains the outbox until nothing is due.
func (f *fixture) runJobs() {
	f.t.Helper()
	for i := 0; i < 10; i++ {
		n, err := f.queue.RunDue(ctx)
		if err != nil {
			f.t.Fatalf("run jobs: %v", err)
		}
		if n == 0 {
			return
		}
	}
}

func (f *fixture) paidJobs(orderID int64) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.orderPaid[orderID]
}

func (f *fixture) event(id string) *payments.Event {
	f.t.Helper()
	ev, err := f.pay.Event(ctx, id)
	if err != nil {
		f.t.Fatalf("event %s: %v", id, err)
	}
	return ev
}

// stripeCall is one request the mall made to Stripe.
type stripeCall struct {
	Method, Path, IdempotencyKey string
	Form                         url.Values
}

// recorder sits between the mall and stripe-mock and keeps each request,
// so a test can assert what the mall asked Stripe to do (the mock itself
// is stateless and echoes little).
type recorder struct {
	URL   string
	mu    sync.Mutex
	calls []stripeCall
}

func newRecorder(t testing.TB, mockURL string) *recorder {
	t.Helper()
	target, err := url.Parse(mockURL)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		form, _ := url.ParseQuery(string(body))
		r.mu.Lock()
		r.calls = append(r.calls, stripeCall{Method: req.Method, Path: req.URL.Path, IdempotencyKey: req.Header.Get("Idempotency-Key"), Form: form})
		r.mu.Unlock()
		req.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

// posts returns the POST requests to paths starting with prefix.
func (r *recorder) posts(prefix string) []stripeCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []stripeCall
	for _, c := range r.calls {
		if c.Method == http.MethodPost && strings.HasPrefix(c.Path, prefix) {
			out = append(out, c)
		}
	}
	return out
}
