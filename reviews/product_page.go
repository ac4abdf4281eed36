package reviews

import (
	"context"
	"fmt"

	"github.com/mall-project/mall/database"
)

// ProductPage is what a product's page shows of its reviews: the rating,
// one page of the published reviews the filter keeps with how many it
// keeps, and how many reviews were withheld (removed), by reason.
type ProductPage struct {
	Aggregate Aggregate
	Reviews   []Review
	Total     int64
	Withheld  map[string]int64
	// Imported are the reviews the shop brought from another mall with
	// their proofs (read-only, not in the rating).
	Imported []ImportedReview
}

// ProductPage reads the reviews part of a product's page, skipping the
// reads that cannot find anything: every review is published first, which
// makes its product's aggregate row, so a product without that row (most
// of a long catalogue) never had a review and costs one read; one whose
// reviews are all removed skips the list. (An import of reviews from
// another mall makes the row too, so imported reviews are found.)
func (s *Store) ProductPage(ctx context.Context, merchantID, productID int64, f Filter) (*ProductPage, error) {
	out := &ProductPage{Aggregate: Aggregate{MerchantID: merchantID, ProductID: productID}, Withheld: map[string]int64{}}
	res := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Where("product_id = ?", productID).Limit(1).Find(&out.Aggregate)
	if res.Error != nil {
		return nil, fmt.Errorf("reviews: aggregate of product %d: %w", productID, res.Error)
	}
	if res.RowsAffected == 0 {
		return out, nil
	}
	if out.Aggregate.ReviewCount > 0 {
		list, total, err := s.productReviews(ctx, merchantID, productID, f, &out.Aggregate)
		if err != nil {
			return nil, err
		}
		out.Reviews, out.Total = list, total
	}
	withheld, err := s.Withheld(ctx, merchantID, productID)
	if err != nil {
		return nil, err
	}
	out.Withheld = withheld
	imported, err := s.ImportedReviewsOfProduct(ctx, merchantID, productID)
	if err != nil {
		return nil, err
	}
	out.Imported = imported
	return out, nil
}
