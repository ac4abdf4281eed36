package orders_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

var ctx = context.Background()

// fixture is a fresh database with the stores the tests drive.
type fixture struct {
	t       testing.TB
	db      *gorm.DB
	catalog *catalog.Store
	orders  *orders.Store
	clock   *clock
	changed atomic.Int64
}

type clock struct{ now atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Unix(0, c.now.Load()).UTC() }
func (c *clock) Advance(d time.Duration) { c.now.Add(int64(d)) }

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db := dbtest.Open(t)
	f := &fixture{t: t, db: db, catalog: catalog.NewStore(db), clock: &clock{}}
	f.clock.now.Store(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC).UnixNano())
	f.orders = f.newStore()
	return f
}

// newStore is another Store on the same database, as after a restart.
func (f *fixture) newStore() *orders.Store {
	s := orders.NewStore(f.db, orders.Options{
		OnStockChange: func(moves []catalog.StockMove) {
			// Counted once per merchant whose stock moved.
			shops := map[int64]bool{}
			for _, m := range moves {
				shops[m.MerchantID] = true
			}
			f.changed.Add(int64(len(shops)))
		},
		// Several tests place many offline checkouts under one email;
		// the limit itself is tested with the default (offline_test.go).
		MaxUnpaidOffline: 100,
	})
	s.SetClock(f.clock.Now)
	return s
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
	return id
}

func (f *fixture) setMerchantStatus(id int64, status string) {
	f.t.Helper()
	if err := f.db.Exec(`UPDATE merchants SET status = ? WHERE id = ?`, status, id).Error; err != nil {
		f.t.Fatal(err)
	}
}

// account inserts a shopper account.
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

// product creates an active product whose variants have the given
// prices and stock; it returns the variant ids in order.
func (f *fixture) product(merchantID int64, title string, variants ...[2]int64) (*catalog.Product, []int64) {
	f.t.Helper()
	in := catalog.ProductInput{Title: title, Status: catalog.StatusActive}
	if len(variants) > 1 {
		in.OptionNames = [3]string{"Size"}
	}
	for i, v := range variants {
		vi := catalog.VariantInput{SKU: fmt.Sprintf("%s-%d", title, i), Price: v[0], Currency: "USD", Stock: int(v[1])}
		if len(variants) > 1 {
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
	return p, ids
}

func (f *fixture) stock(variantID int64) int {
	f.t.Helper()
	var n int
	if err := f.db.Raw(`SELECT stock FROM variants WHERE id = ?`, variantID).Scan(&n).Error; err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) setPrice(variantID, price int64) {
	f.t.Helper()
	if err := f.db.Exec(`UPDATE variants SET price = ? WHERE id = ?`, price, variantID).Error; err != nil {
		f.t.Fatal(err)
	}
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

func (f *fixture) add(owner orders.CartOwner, variantID int64, qty int) {
	f.t.Helper()
	if err := f.orders.AddToCart(ctx, owner, variantID, qty); err != nil {
		f.t.Fatalf("add %d×%d: %v", qty, variantID, err)
	}
}

func (f *fixture) cart(owner orders.CartOwner) *orders.Cart {
	f.t.Helper()
	c, err := f.orders.Cart(ctx, owner)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// shipping gives a merchant one flat-rate method.
func (f *fixture) shipping(merchantID int64, name string, price, freeOver int64) *orders.ShippingMethod {
	f.t.Helper()
	m, err := f.orders.CreateShippingMethod(ctx, merchantID, orders.ShippingMethodInput{Name: name, Price: price, FreeOver: freeOver, Active: true})
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

func guest() orders.CartOwner { return orders.CartOwner{Token: orders.NewCartToken()} }

func code(err error) string { return mall.ErrorCode(err) }

// key returns the i18n key of err (or of its field error on field).
func key(err error) string {
	if e := mall.AsError(err); e != nil {
		return e.Key
	}
	for _, e := range mall.Fields(err) {
		return e.Key
	}
	return ""
}
