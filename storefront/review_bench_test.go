package storefront_test

import (
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/reviews/reviewseed"
)

// BenchmarkProductPageReviews is a product page with no reviews against
// one with 5,000 (a tenth with a shop's reply), and one with a single
// page of them (10) to tell the cost of a page of reviews from the cost
// of having many, each from the page cache
// and never cached (a URL of its own per request), over one listener with
// keep-alive connections. The target: reviews=5000/uncached within 1.2x
// the time of reviews=0/uncached, as the page reads the aggregate and
// one page of reviews, not all of them.
func BenchmarkProductPageReviews(b *testing.B) {
	s := newShopMall(b)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))
	busy := s.product(tea.ID, simple("Black Tea", "black-tea", "BT-1", 1250, 10))
	few := s.product(tea.ID, simple("White Tea", "white-tea", "WT-1", 1250, 10))
	if _, err := reviewseed.Write(b.Context(), s.db, []reviewseed.Target{
		{MerchantID: tea.ID, ProductID: busy.ID, VariantID: busy.Variants[0].ID, Count: 5000},
		{MerchantID: tea.ID, ProductID: few.ID, VariantID: few.Variants[0].ID, Count: 10},
	}, reviewseed.Options{ReplyEvery: 10}); err != nil {
		b.Fatal(err)
	}
	page := s.get("/s/tea-house/p/black-tea")
	if n := page.Doc.Find(`[data-testid="review"]`).Length(); n != 10 {
		b.Fatalf("the busy product's page lists %d reviews, want a page of 10", n)
	}
	if n := s.get("/s/tea-house/p/green-tea").Doc.Find(`[data-testid="reviews-none"]`).Length(); n != 1 {
		b.Fatal("the quiet product's page does not say it has no reviews")
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = s.app.Fiber.Listener(ln) }()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	b.Cleanup(func() {
		client.CloseIdleConnections()
		_ = s.app.Fiber.ShutdownWithTimeout(5 * time.Second)
	})
	var n atomic.Int64
	for _, c := range []struct{ name, path string }{
		{"reviews=0", "/s/tea-house/p/green-tea"},
		{"reviews=10", "/s/tea-house/p/white-tea"},
		{"reviews=5000", "/s/tea-house/p/black-tea"},
	} {
		b.Run(c.name+"/cached", func(b *testing.B) {
			getParallel(b, client, func() string { return base + c.path })
		})
		b.Run(c.name+"/uncached", func(b *testing.B) {
			getParallel(b, client, func() string { return base + c.path + "?nc=" + strconv.FormatInt(n.Add(1), 10) })
		})
	}
}

// cpuTime is the CPU the process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// getParallel is benchmarkGetEach's loop on a server already listening.
// Besides the wall time per request it reports cpu-us/op, the process's
// CPU per request (server and client): on a shared machine wall times
// follow the other loads, CPU much less.
func getParallel(b *testing.B, client *http.Client, url func() string) {
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N), "cpu-us/op") }()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Get(url())
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
