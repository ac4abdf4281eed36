package reviews

import (
	"context"
	"fmt"

	"github.com/mall-project/mall/database"
)

// MaxFeedReviews bounds a merchant's review feed.
const MaxFeedReviews = 50_000

// PublishedReviewsOfMerchant lists the merchant's reviews a shopper sees
// with their text, by id after after: published and not erased. For
// feeds that carry every review (Google's product ratings feed).
func (s *Store) PublishedReviewsOfMerchant(ctx context.Context, merchantID, after int64, limit int) ([]Review, error) {
	if limit <= 0 || limit > MaxLeavesPage {
		limit = MaxLeavesPage
	}
	var list []Review
	err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).
		Where("id > ? AND status = ? AND erased_at IS NULL", after, StatusPublished).
		Order("id").Limit(limit).Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("reviews: published reviews of merchant %d: %w", merchantID, err)
	}
	return list, nil
}
