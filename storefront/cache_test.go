package storefront_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
)

func TestPageCacheIsDroppedByCatalogWrites(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	in := simple("Green Tea", "green-tea", "GT-1", 1250, 10)
	p := s.product(tea.ID, in)
	price := func() string { return s.get("/s/tea-house/p/green-tea").Text(`.buy-box [data-testid="price"]`) }

	if got := price(); got != "$12.50" {
		t.Fatalf("first price %q", got)
	}
	// A change behind the catalog's back is not seen: the page is cached.
	if err := s.db.Exec("UPDATE variants SET price = 999 WHERE id = ?", p.Variants[0].ID).Error; err != nil {
		t.Fatal(err)
	}
	if got := price(); got != "$12.50" {
		t.Fatalf("second request was not served from the cache: %q", got)
	}
	// A change through the catalog is seen on the next request.
	in.Variants[0].ID = p.Variants[0].ID
	in.Variants[0].Price = 1500
	if _, err := s.app.Catalog.UpdateProduct(context.Background(), tea.ID, p.ID, in); err != nil {
		t.Fatal(err)
	}
	if got := price(); got != "$15.00" {
		t.Fatalf("price after update %q, want $15.00", got)
	}
	if err := s.app.Catalog.SetStock(context.Background(), tea.ID, p.Variants[0].ID, 0); err != nil {
		t.Fatal(err)
	}
	if got := s.get("/s/tea-house/p/green-tea").Text(`[data-testid="stock"]`); got != "Sold out" {
		t.Errorf("stock after SetStock %q", got)
	}
	if got := s.get("/").Text(`[data-testid="new-products"] [data-testid="price"]`); got != "$15.00" {
		t.Errorf("mall home after update shows %q", got)
	}
}

func TestCachedPageCarriesEachVisitorsOwnToken(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))
	s.get("/s/tea-house/p/green-tea") // fills the cache

	tokens := map[string]bool{}
	for _, email := range []string{"ada@example.test", "bo@example.test"} {
		v := s.visitor()
		signUp(t, v, email)
		own := v.Get("/account").Attr(`input[name="_csrf"]`, "value")
		p := v.Get("/s/tea-house/p/green-tea")
		if strings.Contains(p.Body, "__mall_csrf") || strings.Contains(p.Body, "<!--mall:") {
			t.Fatal("placeholder left in the page")
		}
		got := p.Attr(`nav.visitor-nav input[name="_csrf"]`, "value")
		if got == "" || got != own {
			t.Errorf("%s: cached page token %q, visitor's own %q", email, got, own)
		}
		if p.Doc.Find(`nav.visitor-nav a[href="/account"]`).Length() != 1 {
			t.Errorf("%s: cached page does not show the visitor signed in", email)
		}
		tokens[got] = true
	}
	if len(tokens) != 2 {
		t.Error("two visitors got the same token")
	}
	if p := s.get("/s/tea-house/p/green-tea"); p.Doc.Find(`nav.visitor-nav a[href="/account/sign-in"]`).Length() != 1 {
		t.Error("anonymous visitor sees someone's account")
	}
}

// TestAnonymousVisitorsOfACachedPageEachGetTheirOwnToken: a product page
// has an add-to-cart form, so anonymous visitors share its bytes only up to
// the token; each gets its own, and it is one the mall accepts.
func TestAnonymousVisitorsOfACachedPageEachGetTheirOwnToken(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))
	s.get("/s/tea-house/p/green-tea") // fills the cache

	tokens := map[string]bool{}
	for range 2 {
		v := s.visitor()
		v.Get("/s/tea-house") // the visitor's token cookie, as a returning anonymous visitor has
		p := v.Get("/s/tea-house/p/green-tea")
		if strings.Contains(p.Body, "__mall_csrf") || strings.Contains(p.Body, "anon-csrf-probe") {
			t.Fatal("placeholder left in the page")
		}
		form := p.Doc.Find(`form[data-testid="add-to-cart"]`)
		token, _ := form.Find(`input[name="_csrf"]`).Attr("value")
		variant, _ := form.Find(`input[name="variant_id"]`).Attr("value")
		if token == "" || variant == "" {
			t.Fatalf("add-to-cart form without token %q or variant %q", token, variant)
		}
		tokens[token] = true
		added := v.Post("/cart/add", url.Values{"_csrf": {token}, "variant_id": {variant}, "quantity": {"1"}})
		if added.Status != http.StatusSeeOther {
			t.Fatalf("add to cart with the cached page's token: %d", added.Status)
		}
		if got := v.Get("/cart").Text(`[data-testid="cart-count"]`); got != "1" {
			t.Errorf("cart count after adding %q, want 1", got)
		}
	}
	if len(tokens) != 2 {
		t.Error("two anonymous visitors got the same token")
	}
}

// BenchmarkProductPage measures the product page over a real listener
// with keep-alive connections. Compare it with BenchmarkStaticCeiling:
// the same bytes from memory through a bare fiber app and the same client.
func BenchmarkProductPage(b *testing.B) {
	s := newShopMall(b)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House"})
	in := simple("Green Tea", "green-tea", "GT-1", 1250, 10)
	in.OptionNames = [3]string{"Size"}
	in.Variants = []catalog.VariantInput{
		{SKU: "GT-S", Options: [3]string{"50 g"}, Price: 1250, Currency: "USD", Stock: 10},
		{SKU: "GT-L", Options: [3]string{"100 g"}, Price: 2200, Currency: "USD", Stock: 2},
	}
	s.product(tea.ID, in)
	benchmarkGet(b, s.app.Fiber, "/s/tea-house/p/green-tea")
}

// BenchmarkProductPageUncached measures a product page the page cache
// does not hold (each request asks for an address of its own): the long
// tail of a big catalogue, queried and rendered every time.
func BenchmarkProductPageUncached(b *testing.B) {
	s := newShopMall(b)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House"})
	in := simple("Green Tea", "green-tea", "GT-1", 1250, 10)
	in.OptionNames = [3]string{"Size"}
	in.Variants = []catalog.VariantInput{
		{SKU: "GT-S", Options: [3]string{"50 g"}, Price: 1250, Currency: "USD", Stock: 10},
		{SKU: "GT-L", Options: [3]string{"100 g"}, Price: 2200, Currency: "USD", Stock: 2},
	}
	s.product(tea.ID, in)
	var n atomic.Int64
	benchmarkGetEach(b, s.app.Fiber, func() string { return "/s/tea-house/p/green-tea?nc=" + strconv.FormatInt(n.Add(1), 10) })
}

// BenchmarkStaticCeiling serves a product page's bytes from memory: the
// ceiling the product page is measured against.
func BenchmarkStaticCeiling(b *testing.B) {
	s := newShopMall(b)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))
	page := []byte(s.get("/s/tea-house/p/green-tea").Body)
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/*", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(page)
	})
	benchmarkGet(b, app, "/s/tea-house/p/green-tea")
}

func benchmarkGet(b *testing.B, app *fiber.App, path string) {
	benchmarkGetEach(b, app, func() string { return path })
}

// benchmarkGetEach is benchmarkGet with the path of each request from path.
func benchmarkGetEach(b *testing.B, app *fiber.App, path func() string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	b.Cleanup(func() {
		client.CloseIdleConnections() // Shutdown waits for open connections
		_ = app.ShutdownWithTimeout(5 * time.Second)
	})

	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Get(base + path())
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}

func TestSuspendingAShopClosesItsCachedPages(t *testing.T) {
	s := newShopMall(t)
	ctx := context.Background()
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))
	op, err := s.app.Accounts.CreateOperator(ctx, "op@mall.test", "Operator", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/s/tea-house", "/s/tea-house/p/green-tea"} {
		if p := s.get(path); p.Status != 200 || !strings.Contains(p.Body, "Tea House") {
			t.Fatalf("%s before suspension: %d", path, p.Status)
		}
	}
	if err := s.app.Merchants.Suspend(ctx, op.ID, tea.ID, "Selling counterfeits"); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/s/tea-house", "/s/tea-house/p/green-tea"} {
		if p := s.get(path); p.Status != 410 {
			t.Errorf("%s after suspension: %d, want 410", path, p.Status)
		}
	}
	if p := s.get("/"); strings.Contains(p.Body, "Tea House") {
		t.Error("mall home still lists the suspended shop")
	}
	if err := s.app.Merchants.Reinstate(ctx, op.ID, tea.ID); err != nil {
		t.Fatal(err)
	}
	if p := s.get("/s/tea-house/p/green-tea"); p.Status != 200 {
		t.Errorf("after reinstating: %d", p.Status)
	}
}
