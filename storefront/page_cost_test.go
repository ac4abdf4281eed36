package storefront_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/valyala/fasthttp"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
)

// costMall is a shop with one product as a real shop has them: options and
// three variants, two images, a category, a review; its product page is
// what these tests count and benchmark.
type costMall struct {
	*shopMall
	queries *malltest.Queries
	path    string
	// variant is the first variant's id, for the cart.
	variant string
}

func newCostMall(t testing.TB) *costMall {
	t.Helper()
	app, db := malltest.NewAppDB(t)
	s := &shopMall{t: t, db: db, app: app}
	q := malltest.CountQueries(t, db)
	ctx := context.Background()
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House"})
	cat, err := app.Catalog.CreateCategory(ctx, tea.ID, catalog.CategoryInput{Name: "Green teas"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Catalog.CreateCategory(ctx, tea.ID, catalog.CategoryInput{Name: "Black teas"}); err != nil {
		t.Fatal(err)
	}
	in := simple("Green Tea", "green-tea", "GT-1", 1250, 10)
	in.Description = "Hand-picked **green tea** from the hills.\n\n- steep 3 minutes\n- 80 °C\n\nA [guide](https://tea.example/guide)."
	in.OptionNames = [3]string{"Size"}
	in.CategoryIDs = []int64{cat.ID}
	in.Variants = []catalog.VariantInput{
		{SKU: "GT-S", Options: [3]string{"50 g"}, Price: 1250, Currency: "USD", Stock: 10},
		{SKU: "GT-M", Options: [3]string{"100 g"}, Price: 2200, Currency: "USD", Stock: 2},
		{SKU: "GT-L", Options: [3]string{"250 g"}, Price: 4900, Currency: "USD", Stock: 0},
	}
	p := s.product(tea.ID, in)
	for i, key := range []string{"0123456789abcdef0123456789abcdef.jpg", "fedcba9876543210fedcba9876543210.jpg"} {
		if _, err := app.Catalog.AddImage(ctx, tea.ID, p.ID, catalog.ImageInput{Key: key, Alt: "Tea " + strconv.Itoa(i), Width: 800, Height: 800}); err != nil {
			t.Fatal(err)
		}
	}
	return &costMall{shopMall: s, queries: q, path: "/s/tea-house/p/green-tea", variant: strconv.FormatInt(p.Variants[0].ID, 10)}
}

// count returns the statements one GET of path runs, after checking it
// answered 200.
func (m *costMall) count(b *malltest.Browser, path string) []string {
	m.t.Helper()
	m.queries.Start()
	p := b.Get(path)
	sqls := m.queries.Stop()
	if p.Status != 200 {
		m.t.Fatalf("GET %s: %d", path, p.Status)
	}
	return sqls
}

// Ceilings on the statements a product page runs. They are what the page
// needs today; a change that adds a round trip to these paths fails here
// and must say why in this file.
const (
	// A product page the cache does not hold: the product with its
	// variants, images and categories in one read, the shop's categories
	// (kept in memory a while), and the reviews (rating, a page of them,
	// those withheld).
	uncachedProductQueries = 5
	// A cached page for a signed-in shopper whose session, cart count and
	// staff flag are not in memory yet: the session with its account (one
	// indexed read), the cart count, whether they work in a shop (the
	// admin link). The next pages within visitorCacheTTL cost none.
	signedInFirstQueries = 3
)

func TestNeverCachedProductPageQueryCount(t *testing.T) {
	m := newCostMall(t)
	v := m.visitor()
	v.Get("/s/tea-house") // the shop and its categories in memory, as on a busy mall

	sqls := m.count(v, m.path+"?nc=1")
	if len(sqls) > uncachedProductQueries {
		t.Errorf("a never-cached product page ran %d statements, at most %d expected:\n%s",
			len(sqls), uncachedProductQueries, strings.Join(sqls, "\n"))
	}
	// Another page the cache does not hold costs the same again: nothing
	// of it was kept but the page itself.
	if again := m.count(v, m.path+"?nc=2"); len(again) != len(sqls) {
		t.Errorf("second never-cached page ran %d statements, the first %d:\n%s", len(again), len(sqls), strings.Join(again, "\n"))
	}
	// The cached page itself costs none.
	m.count(v, m.path)
	if sqls := m.count(v, m.path); len(sqls) != 0 {
		t.Errorf("a cached product page for an anonymous visitor ran %d statements:\n%s", len(sqls), strings.Join(sqls, "\n"))
	}
}

func TestCachedProductPageForASignedInShopperQueryCount(t *testing.T) {
	m := newCostMall(t)
	anon := m.visitor()
	anon.Get(m.path) // the page in the cache

	acct := malltest.Account(t, m.app, "ada@example.test", "Ada")
	// A new app on the same database: nothing of the shopper is in memory,
	// as for the first page after another instance signed them in.
	fresh := malltest.NewAppOn(t, m.db)
	shopper := malltest.SignedIn(t, fresh, acct)
	shopper.Get(m.path)
	add := shopper.Post("/cart/add", map[string][]string{"variant_id": {m.variant}, "quantity": {"1"}})
	if add.Status != 303 {
		t.Fatalf("add to cart: %d", add.Status)
	}

	again := malltest.NewAppOn(t, m.db)
	shopper = malltest.SignedIn(t, again, acct)
	warm := malltest.NewBrowser(t, again)
	warm.Get(m.path) // cached by an anonymous visitor of this instance

	m.queries.Start()
	p := shopper.Get(m.path)
	first := m.queries.Stop()
	if p.Status != 200 || p.Text(`[data-testid="cart-count"]`) != "1" || p.Doc.Find(`nav.visitor-nav a[href="/account"]`).Length() != 1 {
		t.Fatalf("signed-in shopper's cached page: status %d, cart count %q", p.Status, p.Text(`[data-testid="cart-count"]`))
	}
	if len(first) > signedInFirstQueries {
		t.Errorf("first cached page of a signed-in shopper ran %d statements, at most %d expected:\n%s",
			len(first), signedInFirstQueries, strings.Join(first, "\n"))
	}
	for _, sql := range first {
		if w := strings.ToUpper(strings.Fields(sql)[0]); w != "SELECT" {
			t.Errorf("a signed-in shopper's GET wrote to the database: %s", sql)
		}
	}
	if next := m.count(shopper, m.path); len(next) != 0 {
		t.Errorf("next cached page of the same shopper ran %d statements:\n%s", len(next), strings.Join(next, "\n"))
	}
}

// The benchmarks below call the app's handler directly, without a socket
// or an HTTP client, so that -benchmem and -cpuprofile show the server's
// own cost per page: what a wall-clock figure on a shared machine cannot.

// BenchmarkProductPageCost: the product page anonymous and warm, for a
// signed-in shopper with an item in the cart (warm), and never cached.
func BenchmarkProductPageCost(b *testing.B) {
	m := newCostMall(b)
	anon := m.visitor()
	anon.Get(m.path)
	acct := malltest.Account(b, m.app, "ada@example.test", "Ada")
	shopper := malltest.SignedIn(b, m.app, acct)
	shopper.Get(m.path)
	if p := shopper.Post("/cart/add", map[string][]string{"variant_id": {m.variant}, "quantity": {"1"}}); p.Status != 303 {
		b.Fatalf("add to cart: %d", p.Status)
	}
	// The "added" message is shown once, as a browser following the
	// redirect sees it; the pages after carry no flash cookie.
	shopper.Get("/cart")
	if _, ok := shopper.Cookies["mall_flash"]; ok {
		b.Fatal("the flash cookie outlived its page")
	}
	b.Run("anonymous", func(b *testing.B) { benchHandler(b, m.app, anon, func(int) string { return m.path }) })
	b.Run("signed-in", func(b *testing.B) { benchHandler(b, m.app, shopper, func(int) string { return m.path }) })
	b.Run("uncached", func(b *testing.B) {
		// A counter of its own: the benchmark runs its body more than once.
		var n atomic.Int64
		benchHandler(b, m.app, anon, func(int) string { return m.path + "?nc=" + strconv.FormatInt(n.Add(1), 10) })
	})
}

// benchHandler sends the visitor's GETs of path(i) to the app's fasthttp
// handler, one request context reused as a server reuses it.
func benchHandler(b *testing.B, app *server.App, v *malltest.Browser, path func(int) string) {
	handler := app.Fiber.Handler()
	var ctx fasthttp.RequestCtx
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}
	var req fasthttp.Request
	ctx.Init(&req, addr, nil)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	n := 0
	for i := 0; b.Loop(); i++ {
		n++
		ctx.Request.Reset()
		ctx.Response.Reset()
		ctx.Request.Header.SetMethod(fasthttp.MethodGet)
		ctx.Request.SetRequestURI(path(i))
		ctx.Request.Header.SetHost("mall.test")
		for k, val := range v.Cookies {
			ctx.Request.Header.SetCookie(k, val)
		}
		handler(&ctx)
		if ctx.Response.StatusCode() != 200 || len(ctx.Response.Body()) == 0 {
			b.Fatalf("status %d", ctx.Response.StatusCode())
		}
	}
	// CPU time, not wall time: on a machine shared with other work the
	// wall clock measures the neighbours.
	b.ReportMetric(float64(processCPU()-cpu0)/float64(n), "cpu-ns/op")
}

// processCPU is the user and system CPU time the process has used, in ns.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
