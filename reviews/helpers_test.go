package reviews_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

var ctx = context.Background()

type fixture struct {
	t       testing.TB
	db      *gorm.DB
	catalog *catalog.Store
	orders  *orders.Store
	reviews *reviews.Store
	// media keeps review photos in mediaDir.
	media    *media.DiskStore
	mediaDir string
	now      atomic.Int64
	changed  atomic.Int64
	seq      atomic.Int64
}

func (f *fixture) clock() time.Time        { return time.Unix(0, f.now.Load()).UTC() }
func (f *fixture) advance(d time.Duration) { f.now.Add(int64(d)) }

var testKey = func() *reviews.LogKey {
	skey, err := reviews.GenerateLogKey("mall.test/reviews")
	if err != nil {
		panic(err)
	}
	k, err := reviews.ParseLogKey(skey)
	if err != nil {
		panic(err)
	}
	return k
}()

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db := dbtest.Open(t)
	f := &fixture{t: t, db: db, catalog: catalog.NewStore(db)}
	f.now.Store(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC).UnixNano())
	f.orders = orders.NewStore(db, orders.Options{})
	f.orders.SetClock(f.clock)
	f.mediaDir = t.TempDir()
	store, err := media.NewDiskStore(f.mediaDir)
	if err != nil {
		t.Fatal(err)
	}
	f.media = store
	f.reviews = reviews.NewStore(db, reviews.Options{
		Media:  store,
		Orders: f.orders, Catalog: f.catalog, Merchants: merchants.NewStore(db), Accounts: accounts.NewStore(db), Key: testKey,
		OnChange: func(int64) { f.changed.Add(1) },
	})
	f.reviews.SetClock(f.clock)
	return f
}

func (f *fixture) merchant(slug string) int64 {
	f.t.Helper()
	now := time.Now().UTC()
	var id int64
	err := f.db.Raw(`INSERT INTO merchants (slug, name, status, commission_bp, created_at, updated_at)
		VALUES (?, ?, ?, 0, ?, ?) RETURNING id`, slug, "Shop "+slug, merchants.MerchantActive, now, now).Scan(&id).Error
	if err != nil {
		f.t.Fatalf("merchant %s: %v", slug, err)
	}
	if _, err := f.orders.CreateShippingMethod(ctx, id, orders.ShippingMethodInput{Name: "Post", Price: 0, Active: true}); err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) account(email string) int64 {
	f.t.Helper()
	now := time.Now().UTC()
	var id int64
	err := f.db.Raw(`INSERT INTO accounts (email, name, password_hash, created_at, updated_at)
		VALUES (?, 'Shopper', 'x', ?, ?) RETURNING id`, email, now, now).Scan(&id).Error
	if err != nil {
		f.t.Fatalf("account %s: %v", email, err)
	}
	return id
}

func (f *fixture) staff(merchantID, accountID int64) {
	f.t.Helper()
	if err := f.db.Exec(`INSERT INTO staff_members (merchant_id, account_id, role, created_at) VALUES (?, ?, 'clerk', ?)`,
		merchantID, accountID, time.Now().UTC()).Error; err != nil {
		f.t.Fatal(err)
	}
}

// product makes an active product with one variant per price, with a
// compare-at price when compareAt > 0.
func (f *fixture) product(merchantID int64, title string, compareAt int64, prices ...int64) (int64, []int64) {
	f.t.Helper()
	in := catalog.ProductInput{Title: title, Status: catalog.StatusActive}
	if len(prices) > 1 {
		in.OptionNames = [3]string{"Size"}
	}
	for i, p := range prices {
		vi := catalog.VariantInput{SKU: fmt.Sprintf("%s-%d", title, i), Price: p, Currency: "USD", Stock: 1000}
		if compareAt > p {
			vi.CompareAtPrice = compareAt
		}
		if len(prices) > 1 {
			vi.Options = [3]string{fmt.Sprintf("S%d", i)}
		}
		in.Variants = append(in.Variants, vi)
	}
	p, err := f.catalog.CreateProduct(ctx, merchantID, in)
	if err != nil {
		f.t.Fatalf("product %s: %v", title, err)
	}
	ids := make([]int64, len(p.Variants))
	for i, v := range p.Variants {
		ids[i] = v.ID
	}
	return p.ID, ids
}

var staffActor = orders.Actor{Kind: orders.ActorStaff}

// order places an offline order of variant by accountID (0: a guest) and
// takes it as far as to (pending payment, paid, shipped or delivered); it
// returns the order.
func (f *fixture) order(accountID, variantID int64, qty int, to orders.Status) *orders.Order {
	f.t.Helper()
	owner := orders.CartOwner{AccountID: accountID}
	if accountID == 0 {
		owner = orders.CartOwner{Token: orders.NewCartToken()}
	}
	if err := f.orders.AddToCart(ctx, owner, variantID, qty); err != nil {
		f.t.Fatal(err)
	}
	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		f.t.Fatal(err)
	}
	co, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: fmt.Sprintf("buyer%d@example.test", f.seq.Add(1)), Provider: orders.ProviderOffline, ExpectedTotal: q.Total,
		Address: orders.Address{Name: "Buyer", Line1: "1 Harbour Road", City: "Central", Region: "Hong Kong Island", Country: "HK"},
	})
	if err != nil {
		f.t.Fatalf("place: %v", err)
	}
	o := co.Orders[0]
	steps, ok := map[orders.Status]int{orders.StatusPendingPayment: 0, orders.StatusPaid: 1, orders.StatusShipped: 2, orders.StatusDelivered: 3}[to]
	if !ok {
		f.t.Fatalf("order: cannot take an order to %q", to)
	}
	if steps >= 1 {
		if err := f.orders.ConfirmOfflinePayment(ctx, o.MerchantID, o.ID, staffActor); err != nil {
			f.t.Fatal(err)
		}
	}
	if steps >= 2 {
		if err := f.orders.MarkShipped(ctx, o.MerchantID, o.ID, "DHL", "JD0001", staffActor); err != nil {
			f.t.Fatal(err)
		}
	}
	if steps >= 3 {
		if err := f.orders.MarkDelivered(ctx, o.MerchantID, o.ID, staffActor); err != nil {
			f.t.Fatal(err)
		}
	}
	got, err := f.orders.OrderInMerchant(ctx, o.MerchantID, o.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

// refund refunds qty of the order's first line, to completion.
func (f *fixture) refund(o *orders.Order, qty int) {
	f.t.Helper()
	ref, err := f.orders.PrepareRefund(ctx, o.MerchantID, o.ID, orders.RefundRequest{
		Lines: []orders.RefundLine{{LineID: o.Lines[0].ID, Quantity: qty}}, By: staffActor})
	if err != nil {
		f.t.Fatalf("prepare refund: %v", err)
	}
	if err := f.orders.CompleteRefund(ctx, o.MerchantID, ref.ID, "re_1", "", staffActor); err != nil {
		f.t.Fatalf("complete refund: %v", err)
	}
}

func key(err error) string {
	if e := mall.AsError(err); e != nil {
		return e.Key
	}
	for _, e := range mall.Fields(err) {
		return e.Key
	}
	return ""
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

// verify checks the log straight from the store.
func (f *fixture) verify(prev *reviews.Seen) *reviews.VerifyResult {
	f.t.Helper()
	res, err := reviews.Verify(ctx, f.reviews, prev)
	if err != nil {
		f.t.Fatalf("verify: %v", err)
	}
	return res
}

// operator inserts an operator account.
func (f *fixture) operator(email string) int64 {
	f.t.Helper()
	id := f.account(email)
	if err := f.db.Exec(`UPDATE accounts SET is_operator = ? WHERE id = ?`, true, id).Error; err != nil {
		f.t.Fatal(err)
	}
	return id
}
