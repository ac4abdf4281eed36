package reviewseed_test

import (
	"context"
	"testing"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/reviews/reviewseed"
)

// BenchmarkWrite: how fast the bulk path writes reviews (ns/op is per
// review), to size `make bench`'s review log.
func BenchmarkWrite(b *testing.B) {
	db := dbtest.Open(b)
	b.ResetTimer()
	if _, err := reviewseed.Write(context.Background(), db, []reviewseed.Target{
		{MerchantID: 1, ProductID: 1, VariantID: 1, Count: b.N},
		{MerchantID: 1, ProductID: 2, VariantID: 2, Count: b.N},
	}, reviewseed.Options{ReplyEvery: 10}); err != nil {
		b.Fatal(err)
	}
}
