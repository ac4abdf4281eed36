package reviews

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// Vote is one account's "this review was helpful".
type Vote struct {
	ReviewID   int64
	AccountID  int64
	MerchantID int64
	CreatedAt  time.Time
}

// TableName is the review_votes table.
func (Vote) TableName() string { return "review_votes" }

// MarkHelpful records that accountID found a published review helpful:
// once per account (a second vote changes nothing and is no error), never
// on one's own review, never by the staff of the review's shop. It
// reports whether the vote was new.
func (s *Store) MarkHelpful(ctx context.Context, accountID, reviewID int64) (bool, error) {
	var r Review
	if err := s.conn(ctx).Select("id, merchant_id, account_id, status").
		First(&r, "id = ? AND status = ?", reviewID, StatusPublished).Error; err != nil {
		return false, database.NotFound(err, "review")
	}
	if r.AccountID != nil && *r.AccountID == accountID {
		return false, &mall.Error{Code: mall.EForbidden, Key: "reviews.error.vote_own", Message: "one's own review"}
	}
	staff, err := s.isStaff(ctx, r.MerchantID, accountID)
	if err != nil {
		return false, err
	}
	if staff {
		return false, &mall.Error{Code: mall.EForbidden, Key: "reviews.error.vote_staff", Message: "staff of the review's shop"}
	}
	added := false
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`INSERT INTO review_votes (review_id, account_id, merchant_id, created_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (review_id, account_id) DO NOTHING`, r.ID, accountID, r.MerchantID, s.now())
		if res.Error != nil {
			return fmt.Errorf("reviews: vote on review %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		added = true
		return tx.Model(&Review{}).Scopes(database.InMerchant(r.MerchantID)).Where("id = ?", r.ID).
			Update("helpful_count", gorm.Expr("helpful_count + 1")).Error
	})
	if err != nil {
		return false, err
	}
	if added {
		s.changed(r.MerchantID)
	}
	return added, nil
}
