package storefront_test

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/merchants"
)

// TestBrowsingSignedInWritesNothing: a signed-in shopper's pages are read
// requests, and a read request never writes the session; the first request
// that changes something slides it forward. Signing out ends it at once,
// for all that the lookup is kept in memory for a moment.
func TestBrowsingSignedInWritesNothing(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))
	b := s.visitor()
	signUp(t, b, "ada@example.test")
	lastSeen := func() time.Time {
		t.Helper()
		var sess accounts.Session
		if err := s.db.Order("created_at DESC").First(&sess).Error; err != nil {
			t.Fatal(err)
		}
		return sess.LastSeenAt
	}
	long := time.Now().UTC().Add(-10 * time.Minute)
	if err := s.db.Model(&accounts.Session{}).Where("1 = 1").Update("last_seen_at", long).Error; err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/s/tea-house", "/s/tea-house/p/green-tea", "/account", "/cart"} {
		if p := b.Get(path); p.Status != http.StatusOK || p.Doc.Find(`nav.visitor-nav a[href="/account"]`).Length() != 1 {
			t.Fatalf("%s: %d, or not signed in", path, p.Status)
		}
	}
	if got := lastSeen(); got.Sub(long).Abs() > time.Second {
		t.Errorf("reading pages wrote the session: last seen %v, was %v", got, long)
	}

	p := b.Get("/s/tea-house/p/green-tea")
	variant, _ := p.Doc.Find(`form[data-testid="add-to-cart"] input[name="variant_id"]`).Attr("value")
	if p := b.Post("/cart/add", url.Values{"variant_id": {variant}, "quantity": {"1"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("add to cart: %d", p.Status)
	}
	if got := lastSeen(); time.Since(got) > time.Minute {
		t.Errorf("a request that changed something did not slide the session: last seen %v", got)
	}

	if p := b.Post("/account/sign-out", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", p.Status)
	}
	if p := b.Get("/account"); p.Status != http.StatusSeeOther {
		t.Errorf("account page right after signing out: %d, want a redirect to sign in", p.Status)
	}
}

// TestASignedInShoppersCachedPageRunsNoQuery: once a signed-in shopper's
// session, cart count and staff status were looked up, their next visits
// to cached pages are answered from memory: no query, no write.
func TestASignedInShoppersCachedPageRunsNoQuery(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))
	b := s.visitor()
	signUp(t, b, "ada@example.test")
	add := b.Get("/s/tea-house/p/green-tea")
	variant, _ := add.Doc.Find(`form[data-testid="add-to-cart"] input[name="variant_id"]`).Attr("value")
	b.Post("/cart/add", url.Values{"variant_id": {variant}, "quantity": {"2"}})
	b.Get("/s/tea-house/p/green-tea") // looks the shopper up again

	var queries atomic.Int64
	count := func(*gorm.DB) { queries.Add(1) }
	cb := s.db.Callback()
	for name, err := range map[string]error{
		"query": cb.Query().After("gorm:query").Register("test:count_query", count),
		"row":   cb.Row().After("gorm:row").Register("test:count_row", count),
		"raw":   cb.Raw().After("gorm:raw").Register("test:count_raw", count),
	} {
		if err != nil {
			t.Fatalf("counting %s: %v", name, err)
		}
	}
	p := b.Get("/s/tea-house/p/green-tea")
	if n := queries.Load(); n != 0 {
		t.Errorf("a signed-in shopper's cached page ran %d queries", n)
	}
	if got := p.Text(`[data-testid="cart-count"]`); got != "2" {
		t.Errorf("cart count %q, want 2", got)
	}
	if p.Doc.Find(`nav.visitor-nav a[href="/account"]`).Length() != 1 {
		t.Error("not shown signed in")
	}
	if b.Get("/cart"); queries.Load() == 0 {
		t.Error("the query counter counts nothing: the cart page reads the cart")
	}
}
