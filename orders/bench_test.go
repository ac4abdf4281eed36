package orders_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mall-project/mall/orders"
)

// BenchmarkCheckout measures checkouts placed by concurrent buyers (8 per
// core), each of two lines from two merchants, so each checkout makes
// two orders. The carts are filled before the clock starts; the timed
// part is PlaceCheckout alone: the transaction that re-reads the cart,
// takes the stock, numbers and writes the orders and empties the cart.
// It reports orders/s and checkouts/s. On SQLite, and on PostgreSQL when
// DATABASE_URL is set:
//
//	go test -run '^$' -bench Checkout -benchtime 2000x ./orders/
func BenchmarkCheckout(b *testing.B) {
	f := newFixture(b)
	_, a := f.shop("acme", 1250, 1_000_000_000)
	_, c := f.shop("bolt", 399, 1_000_000_000)
	// 1250 + 500 shipping, 399 + 500 shipping (free over 10000).
	const total = 1250 + 500 + 399 + 500
	carts := make([]orders.CartOwner, b.N)
	for i := range carts {
		carts[i] = orders.CartOwner{Token: fmt.Sprintf("bench-%d-%s", i, orders.NewCartToken())}
		f.add(carts[i], a, 1)
		f.add(carts[i], c, 1)
	}
	var next, failed atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			owner := carts[next.Add(1)-1]
			co, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "bench@example.com",
				Address: address(), ExpectedTotal: total, Provider: orders.ProviderStripe})
			if err != nil || len(co.Orders) != 2 {
				failed.Add(1)
				b.Errorf("checkout: %v", err)
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if failed.Load() > 0 {
		return
	}
	if n := f.count("orders", ""); n != int64(2*b.N) {
		b.Fatalf("%d orders, want %d", n, 2*b.N)
	}
	b.ReportMetric(float64(2*b.N)/elapsed.Seconds(), "orders/s")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "checkouts/s")
}
