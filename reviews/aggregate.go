package reviews

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
)

// contribution is what one review adds to its product's and merchant's
// aggregates.
type contribution struct {
	published bool
	counted   bool
	rating    int
}

func contributionOf(r *Review) contribution {
	return contribution{published: r.Status == StatusPublished, counted: r.Counted(), rating: r.Rating}
}

// moveAggregates takes a review's contribution out of its product's and
// merchant's aggregates and puts the new one in, inside the change's
// transaction, and sets the product's rating in the catalog when it
// moved. Rows are taken product first, then merchant, always.
func moveAggregates(tx *gorm.DB, merchantID, productID int64, before, after contribution) error {
	delta := map[string]int64{}
	add := func(c contribution, sign int64) {
		if c.published {
			delta["review_count"] += sign
		}
		if c.counted {
			delta["rated_count"] += sign
			delta["rating_sum"] += sign * int64(c.rating)
			delta[fmt.Sprintf("stars%d", c.rating)] += sign
		}
	}
	add(before, -1)
	add(after, +1)
	set := map[string]any{}
	for col, d := range delta {
		if d != 0 {
			set[col] = gorm.Expr(col+" + ?", d)
		}
	}
	if len(set) == 0 {
		return nil
	}
	for _, pid := range []int64{productID, 0} {
		if err := tx.Exec(`INSERT INTO review_aggregates (merchant_id, product_id) VALUES (?, ?)
			ON CONFLICT (merchant_id, product_id) DO NOTHING`, merchantID, pid).Error; err != nil {
			return fmt.Errorf("reviews: aggregate of product %d: %w", pid, err)
		}
		if err := tx.Model(&Aggregate{}).Scopes(database.InMerchant(merchantID)).
			Where("product_id = ?", pid).Updates(set).Error; err != nil {
			return fmt.Errorf("reviews: aggregate of product %d: %w", pid, err)
		}
	}
	if delta["rated_count"] == 0 && delta["rating_sum"] == 0 {
		return nil
	}
	// The product's cards and the rating sort read the rating from the
	// catalog's row, set here in the same transaction.
	var a Aggregate
	if err := tx.Scopes(database.InMerchant(merchantID)).Where("product_id = ?", productID).Take(&a).Error; err != nil {
		return fmt.Errorf("reviews: aggregate of product %d: %w", productID, err)
	}
	return catalog.SetProductRating(tx, merchantID, productID, a.RatingSum, a.RatedCount)
}

// ProductAggregate is the rating of one of the merchant's products (zero
// when it has no reviews).
func (s *Store) ProductAggregate(ctx context.Context, merchantID, productID int64) (*Aggregate, error) {
	a := Aggregate{MerchantID: merchantID, ProductID: productID}
	err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Where("product_id = ?", productID).Limit(1).Find(&a).Error
	if err != nil {
		return nil, fmt.Errorf("reviews: aggregate of product %d: %w", productID, err)
	}
	return &a, nil
}

// MerchantAggregate is the rating of the merchant's whole shop.
func (s *Store) MerchantAggregate(ctx context.Context, merchantID int64) (*Aggregate, error) {
	return s.ProductAggregate(ctx, merchantID, 0)
}
